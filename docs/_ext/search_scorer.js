/* The site's search ranking (conf.py: html_search_scorer; Sphinx inlines this
 * file into language_data.js, before searchtools.js reads `Scorer`).
 *
 * Sphinx's weights, unchanged, plus two rules: a page's own title outranks a
 * section heading elsewhere, and the home page and the glossary come after
 * the topic pages. A glossary entry matches its own term
 * exactly (an "object" hit, worth more than any word on a page), and the home
 * page names every topic in its table, so without this rule a search for
 * 共享, 权重, LSTM or Embedding puts the glossary or the home page first,
 * above the page that explains the idea. They still appear, right below.
 */
var Scorer = {
  // the documents that summarise and link rather than explain
  summaryPages: new Set(["index", "glossary"]),
  summaryPenalty: 100,

  // A page whose own title holds every word searched for comes before pages
  // that only use the words: 嵌入 finds "嵌入层（Embedding）与输入层" before
  // the shared-layers section about sharing an Embedding.
  pageTitleBonus: 10,

  score: (result) => {
    const [docname, title, _anchor, _descr, score] = result;
    const pageTitle = (title || "").split(" > ")[0].toLowerCase();
    const words = (new URLSearchParams(window.location.search).get("q") || "")
      .toLowerCase().split(/\s+/).filter((w) => w);
    const bonus = words.length && words.every((w) => pageTitle.includes(w))
      ? Scorer.pageTitleBonus : 0;
    return (Scorer.summaryPages.has(docname) ? score - Scorer.summaryPenalty : score) + bonus;
  },

  // Sphinx's defaults (sphinx/themes/basic/static/searchtools.js)
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
