// Two things antd leaves undone for assistive technology, mended as elements appear:
// - its icons name themselves in English (role="img" aria-label="exclamation-circle"), which a
//   screen reader reads out in the middle of Chinese ("exclamation-circle 有 1 件投诉…"). Every
//   icon of the app is decoration beside words that say the same, or inside a control labelled
//   by its own aria-label (web/README.md), so icons are hidden; an icon that is a control's only
//   content (pagination's arrows) gives the control the title antd puts around it (上一页).
// - a table that scrolls sideways (scroll={{ x }}) cannot be scrolled from the keyboard: its
//   scrolling box gets a tab stop.

function mend(root: ParentNode): void {
  for (const icon of root.querySelectorAll('.anticon[role="img"][aria-label]:not([aria-hidden])')) {
    const control = icon.closest('button, a, [role="button"]');
    if (control && !control.hasAttribute('aria-label') && !control.textContent?.trim()) {
      const title = control.closest('[title]')?.getAttribute('title');
      // an icon button without a name is a bug: leave it for the accessibility check to find
      if (!title) continue;
      control.setAttribute('aria-label', title);
    }
    icon.setAttribute('aria-hidden', 'true');
  }
  for (const box of root.querySelectorAll<HTMLElement>('.ant-table-content:not([tabindex]), .ant-table-body:not([tabindex])')) {
    if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box.tabIndex = 0;
  }
}

/** Mends the page now and whatever is added to it later. */
export function mendAccessibility(root: HTMLElement = document.body): void {
  mend(root);
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) if (node instanceof Element) mend(node.parentElement ?? node);
    }
  }).observe(root, { childList: true, subtree: true });
}
