// Result panels shown over the current screen (an action's HTML result, a job's HTML result): a leaf module.
import { h, openDialog } from './dom.js';

/** The HTML panel; the HTML comes sanitised from the server and no inline script can run (CSP). */
export function showHtml(title, html, isError) {
  return openDialog(isError ? `${title} failed` : title, (container, close) => {
    const content = h('div', { class: `html-result ${isError ? 'html-error' : 'html-success'}`, role: 'document' });
    content.innerHTML = html;
    for (const link of content.querySelectorAll('a[href]')) { link.target = '_blank'; link.rel = 'noopener noreferrer'; }
    container.append(content, h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'primary', onclick: () => close('ok') }, isError ? 'Back to the form' : 'Close')));
  }, { wide: true });
}
