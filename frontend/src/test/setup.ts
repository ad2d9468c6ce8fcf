import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// `findBy…` waits on a condition; give it room on a busy CI machine (it returns as soon as
// the condition holds).
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

// jsdom lacks what antd's responsive helpers and scroll measuring use.
if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  });
}

// jsdom implements no pseudo-elements and logs an error for each lookup: ignore them.
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => getComputedStyle(element);

// jsdom lays nothing out and has no ResizeObserver, which antd (Select, Steps, Tabs) and
// CodeMirror measure with, nor the text rectangles CodeMirror asks for.
class NoResizeObserver {
  observe(): void {
    // nothing is laid out, so nothing ever resizes
  }
  unobserve(): void {
    // nothing observed
  }
  disconnect(): void {
    // nothing observed
  }
}
window.ResizeObserver ??= NoResizeObserver;
Range.prototype.getClientRects = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] });
Range.prototype.getBoundingClientRect = () => new DOMRect();
