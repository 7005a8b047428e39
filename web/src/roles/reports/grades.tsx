// Grades as both areas show them: a coloured tag with the grade's name (优秀 … 不合格).
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { registerMessages } from '../../app/i18n';
import { messages } from './messages';
import type { Grade } from './operations';
import { TAG_COLOURS } from '../../app/page-parts';

registerMessages('reports', messages);

const colour: Record<Grade, string> = { EXCELLENT: TAG_COLOURS.green, GOOD: TAG_COLOURS.blue, PASS: TAG_COLOURS.gold, FAIL: TAG_COLOURS.red };

export function GradeTag({ grade }: { grade: Grade }) {
  const { t } = useTranslation('reports');
  return <Tag color={colour[grade]}>{t(`grade.${grade}`)}</Tag>;
}

/** A score or coefficient with the decimals it is kept to. */
export const formatScore = (value: number) => value.toFixed(2);
