// What every page state must pass on a phone: nothing scrolls the page sideways, and each kind of control shows a
// visible change when it has keyboard focus (measured as the audit did: pixels of the control, unfocused and focused).
import type { Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';

/** How far the page scrolls sideways: more than 0 when something is wider than the window. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The kinds of control a page can have, and how to find them. */
export const CONTROL_KINDS: Record<string, string> = {
  link: 'a[href]',
  button: 'button, a[role=button]',
  'text box':
    'input[type=text], input[type=search], input[type=email], input[type=password], input[type=url]',
  'date or time box': 'input[type=date], input[type=time]',
  checkbox: 'input[type=checkbox]',
  radio: 'input[type=radio]',
  select: 'select',
  textarea: 'textarea',
  'details summary': 'summary',
  'scrolling region': '[role=region][tabindex="0"]',
  'map marker': '.leaflet-marker-icon[tabindex="0"]',
};

export interface FocusResult {
  kind: string;
  changed: number;
  /** The least change that counts as visible: the control's perimeter, as if a 1px ring went round it. */
  needed: number;
}

function changedPixels(a: Buffer, b: Buffer): number {
  const before = PNG.sync.read(a);
  const after = PNG.sync.read(b);
  let changed = 0;
  for (let i = 0; i < before.data.length; i += 4) {
    const difference = Math.max(
      Math.abs(before.data[i] - after.data[i]),
      Math.abs(before.data[i + 1] - after.data[i + 1]),
      Math.abs(before.data[i + 2] - after.data[i + 2]),
    );
    if (difference > 24) changed++;
  }
  return changed;
}

/** The first control of this kind a person can see (a skip link, off screen, shows only once focused). */
async function firstVisible(page: Page, selector: string): Promise<Locator | null> {
  const all = page.locator(selector);
  const width = page.viewportSize()!.width;
  for (let i = 0, n = await all.count(); i < n; i++) {
    const candidate = all.nth(i);
    if (!(await candidate.isVisible())) continue;
    const box = await candidate.boundingBox();
    if (box && box.width >= 4 && box.height >= 4 && box.x + box.width > 0 && box.x < width) return candidate;
  }
  return null;
}

/** For each kind of control on the page: how many pixels around its first one change when it takes focus. */
export async function focusChanges(page: Page): Promise<FocusResult[]> {
  const results: FocusResult[] = [];
  const viewport = page.viewportSize()!;
  for (const [kind, selector] of Object.entries(CONTROL_KINDS)) {
    const control = await firstVisible(page, selector);
    if (!control) continue;
    await control.scrollIntoViewIfNeeded();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const box = (await control.boundingBox())!;
    const pad = 8;
    const x = Math.max(0, Math.floor(box.x - pad));
    const y = Math.max(0, Math.floor(box.y - pad));
    const clip = {
      x,
      y,
      width: Math.min(viewport.width, Math.ceil(box.x + box.width + pad)) - x,
      height: Math.min(viewport.height, Math.ceil(box.y + box.height + pad)) - y,
    };
    if (clip.width < 1 || clip.height < 1) {
      // Out of the window even when scrolled to: nobody can see it take focus.
      results.push({ kind, changed: 0, needed: 1 });
      continue;
    }
    const before = await page.screenshot({ clip, animations: 'disabled' });
    // A key press first, so the browser treats the focus as keyboard focus (:focus-visible), as Tab would.
    await page.keyboard.press('Shift');
    await control.focus();
    const after = await page.screenshot({ clip, animations: 'disabled' });
    await control.blur();
    results.push({
      kind,
      changed: changedPixels(before, after),
      needed: Math.round(2 * (Math.min(box.width, clip.width) + Math.min(box.height, clip.height))),
    });
  }
  return results;
}
