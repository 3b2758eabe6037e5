// Lists by keyboard: ↓/j and ↑/k move between cases, Enter opens one (a link).
export function listKeyboard() {
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = e.target && e.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    const down = e.key === 'ArrowDown' || e.key === 'j';
    const up = e.key === 'ArrowUp' || e.key === 'k';
    if (!down && !up) return;
    const links = [...document.querySelectorAll('ul.queue > li > a')];
    if (!links.length) return;
    e.preventDefault();
    const i = links.indexOf(document.activeElement);
    const next = i < 0 ? (down ? 0 : links.length - 1) : Math.max(0, Math.min(links.length - 1, i + (down ? 1 : -1)));
    links[next].focus();
    links[next].scrollIntoView({ block: 'nearest' });
  });
}
