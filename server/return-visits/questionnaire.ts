// The fixed satisfaction questionnaire every return visit asks, defined once here: answers are
// stored by position (answers[0] answers question 1), so questions are only ever appended in
// a new version, never reordered.
import { badInput } from '../platform/errors.js';

interface Question {
  number: number;
  /** What the answer measures, for scoring and exports. */
  key: 'punctuality' | 'attitude' | 'quality' | 'needs_met' | 'overall';
  textZh: string;
  textEn: string;
}

export const QUESTIONNAIRE: readonly Question[] = [
  { number: 1, key: 'punctuality', textZh: '服务人员是否准时？', textEn: 'Did the carer come on time?' },
  { number: 2, key: 'attitude', textZh: '您对服务态度满意吗？', textEn: "Are you satisfied with the carer's attitude?" },
  { number: 3, key: 'quality', textZh: '您对服务质量满意吗？', textEn: 'Are you satisfied with the quality of the service?' },
  { number: 4, key: 'needs_met', textZh: '服务是否满足了您的需要？', textEn: 'Did the service meet your needs?' },
  { number: 5, key: 'overall', textZh: '您的总体满意度如何？', textEn: 'How satisfied are you overall?' },
];

/** Answers run from 1 (very dissatisfied) to 5 (very satisfied). */
const LOWEST_ANSWER = 1;
const HIGHEST_ANSWER = 5;

/** Throws BAD_USER_INPUT unless there is exactly one whole answer from 1 to 5 per question. */
export function checkAnswers(answers: readonly number[]): void {
  if (answers.length !== QUESTIONNAIRE.length) {
    throw badInput(`Give exactly ${QUESTIONNAIRE.length} answers, one per question; got ${answers.length}.`, {
      field: 'answers',
      reason: 'ANSWERS_COUNT',
      expected: QUESTIONNAIRE.length,
      given: answers.length,
    });
  }
  const wrong = answers.findIndex((a) => !Number.isInteger(a) || a < LOWEST_ANSWER || a > HIGHEST_ANSWER);
  if (wrong >= 0) {
    throw badInput(`The answer to question ${wrong + 1} must be a whole number from ${LOWEST_ANSWER} to ${HIGHEST_ANSWER}.`, {
      field: 'answers',
      reason: 'ANSWER_RANGE',
      question: wrong + 1,
      lowest: LOWEST_ANSWER,
      highest: HIGHEST_ANSWER,
    });
  }
}
