// Every refusal the server names (extensions.reason) has its sentence in both languages, and
// the two sentences ask for the same figures, so a Chinese reader is never shown a bare
// "something you entered is not right" where the server said what.
import { describe, expect, it } from 'vitest';
import { REFUSAL_REASONS } from '../server/platform/errors.js';
import { commonMessages } from './src/app/messages.js';

type Tree = { [key: string]: string | Tree };
const reasons = (language: 'zh' | 'en') => ((commonMessages[language].errors as Tree).reasons ?? {}) as Record<string, string>;
const placeholders = (sentence: string) => [...sentence.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('refusal reasons', () => {
  it.each(['zh', 'en'] as const)('each has a sentence in %s, and there is none for a reason the server does not send', (language) => {
    expect(Object.keys(reasons(language)).sort()).toEqual([...REFUSAL_REASONS].sort());
  });

  it.each([...REFUSAL_REASONS])('%s asks for the same figures in Chinese and English', (reason) => {
    expect(placeholders(reasons('zh')[reason])).toEqual(placeholders(reasons('en')[reason]));
  });
});
