// Simplified Chinese by default, English switchable; the choice is kept in localStorage.
// Messages are split by namespace: `common` (this folder) and one per role folder (its
// messages.ts, registered by roles/messages.ts), so nobody edits one big dictionary.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { commonMessages } from './messages';
import type { MessageTree, SameKeys } from './message-types';

const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'nuanxin.language';

export type { MessageTree, SameKeys };
export interface Messages<T extends MessageTree = MessageTree> {
  zh: T;
  en: SameKeys<T>;
}

/** Declares a namespace's messages; TypeScript refuses an English side with missing or extra keys. */
export function defineMessages<T extends MessageTree>(messages: { zh: T; en: NoInfer<SameKeys<T>> }): Messages<T> {
  return messages;
}

function storedLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(stored ?? '') ? (stored as Language) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18next.use(initReactI18next).init({
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGUAGES],
  defaultNS: 'common',
  ns: ['common'],
  resources: {},
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
});
registerMessages('common', commonMessages);
document.documentElement.lang = i18next.language;

/** Adds a namespace's messages (once, when its module loads: roles/messages.ts, or a shared part's own). */
export function registerMessages(namespace: string, messages: Messages): void {
  i18next.addResourceBundle('zh-CN', namespace, messages.zh, true, true);
  i18next.addResourceBundle('en', namespace, messages.en, true, true);
}

/** Switches the language everywhere and remembers it on this device. */
export async function setLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private browsing: the choice lasts for this visit only
  }
}

export { i18next };
