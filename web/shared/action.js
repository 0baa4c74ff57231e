/* action.js — the one way a page submits an action and shows its error.
 *
 *   onSubmit(formEl, opts, fn)   on submit: check the form, then run fn()
 *   submit(opts, fn)             the same without a <form>: clears `out`,
 *                                checks `form`, runs fn(); true when it went through
 *   showError(err, opts)         an error where it belongs
 *
 * opts: out    the element that receives the problem box (emptied first)
 *       form   a renderForm() controller: validated first (unless check:
 *              false), and the server's field errors it knows land beside
 *              its fields with the summary focused (unless fieldErrors: false)
 *       check  false when the caller has validated already
 *       focus  false to leave the focus where it is (errors of a list row)
 *       button disabled while fn runs, so a double click sends one request
 * Any other error is a problemView() alert in `out`, focused. */
import { ApiError, problemView } from './api.js';

export function showError(err, { out, form, fieldErrors = true, focus = true } = {}) {
  if (form && fieldErrors && err instanceof ApiError && err.errors.some((x) => form.keyOf(x.field))) {
    form.showErrors(err.errors);
    form.focusSummary();
    return;
  }
  const box = problemView(err);
  out.append(box);
  if (focus) box.focus();
}

export async function submit(opts, fn) {
  const { out, form, check = true, button } = opts;
  if (button && button.disabled) return false;
  if (out) out.textContent = '';
  if (form && check && form.validate().length) { form.focusSummary(); return false; }
  if (button) button.disabled = true;
  try {
    await fn();
    return true;
  } catch (e) {
    showError(e, opts);
    return false;
  } finally {
    if (button) button.disabled = false;
  }
}

export function onSubmit(formEl, opts, fn) {
  formEl.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit(opts, fn);
  });
}
