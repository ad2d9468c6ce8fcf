import { enTranslation, zhCNTranslation } from './resources';
import { LANGUAGE_STORAGE_KEY, detectLanguage, toLanguage } from '.';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

describe('translations', () => {
  it('have the same keys in English and Chinese', () => {
    expect(keys(zhCNTranslation).sort()).toEqual(keys(enTranslation).sort());
  });
});

describe('detectLanguage', () => {
  const doc = (lang: string) => {
    const d = document.implementation.createHTMLDocument();
    d.documentElement.lang = lang;
    return d;
  };
  const nav = (language: string) => ({ language }) as Navigator;

  it("prefers the user's stored choice", () => {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, 'zh-CN');
    expect(detectLanguage(doc('en'), nav('en-US'))).toBe('zh-CN');
  });

  it('then the page language, then the browser language', () => {
    expect(detectLanguage(doc('zh-CN'), nav('en-US'))).toBe('zh-CN');
    expect(detectLanguage(doc(''), nav('zh-TW'))).toBe('zh-CN');
    expect(detectLanguage(doc(''), nav('fr-FR'))).toBe('en');
  });

  it('maps language tags onto the ones we speak', () => {
    expect(toLanguage('zh-Hans-CN')).toBe('zh-CN');
    expect(toLanguage('en-GB')).toBe('en');
    expect(toLanguage('de')).toBeUndefined();
  });
});
