/* prefs.js — applied before the first paint (a classic script, no inline code
 * under the CSP): the language and the large-text, high-contrast mode the
 * person chose in this browser. */
(function () {
  var d = document.documentElement;
  try {
    if (localStorage.getItem('onestop.large') === '1') d.classList.add('a11y-large');
    var l = localStorage.getItem('onestop.lang');
    if (l === 'en') d.lang = 'en';
  } catch (e) { /* storage unavailable: defaults */ }
})();
