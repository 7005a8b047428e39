// Grades as both areas show them: a coloured tag with the grade's name (优秀 … 不合格).
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { registerMessages } from '../../app/i18n';
import { messages } from './messages';
import { TAG_COLOURS as tagColour } from '../../app/page-parts';

registerMessages('reports', messages);

export type Grade = 'EXCELLENT' | 'GOOD' | 'PASS' | 'FAIL';

export { tagColour };

const colour: Record<Grade, string> = { EXCELLENT: tagColour.green, GOOD: tagColour.blue, PASS: tagColour.gold, FAIL: tagColour.red };

export function GradeTag({ grade }: { grade: Grade }) {
  const { t } = useTranslation('reports');
  return <Tag color={colour[grade]}>{t(`grade.${grade}`)}</Tag>;
}

/** A score or coefficient with the decimals it is kept to. */
export const formatScore = (value: number) => value.toFixed(2);
