// The evaluator's sample review: draw the month's random sample once (the policy's share),
// then record a finding for each sampled service. Findings are kept as written, once.
import { useState } from 'react';
import { App, Button, Card, Empty, Input, Progress, Rate, Space, Table, Typography } from 'antd';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { useLocalName } from '../../app/page-parts';
import { errorMessage } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { DRAW_SAMPLE, REVIEW_SAMPLED, type ScoreDetail, type ScoreSampleRow } from './operations';

export function ScoreSampleCard({ score }: { score: ScoreDetail }) {
  const { t } = useTranslation('evaluation');
  const name = useLocalName();
  const { message } = App.useApp();
  const [drawing, draw] = useMutation(DRAW_SAMPLE);
  const editable = score.status === 'DRAFT';
  const reviewed = score.sample.filter((s) => s.reviewedAt).length;

  const drawSample = async () => {
    const result = await draw({ scoreId: score.id });
    if (result.error) message.error(errorMessage(result.error));
    else message.success(t('sample.drawn', { count: result.data?.drawScoreSample.sample.length ?? 0 }));
  };

  return (
    <Card
      title={t('sample.heading')}
      size="small"
      extra={score.sample.length > 0 && <Typography.Text>{t('sample.progress', { done: reviewed, total: score.sample.length })}</Typography.Text>}
    >
      <Typography.Paragraph type="secondary">{t('sample.help', { percent: score.policy.samplePercent })}</Typography.Paragraph>
      {score.sample.length === 0 ? (
        <Empty description={t('sample.empty')}>
          {editable && (
            <Button type="primary" loading={drawing.fetching} onClick={() => void drawSample()}>
              {t('sample.draw')}
            </Button>
          )}
        </Empty>
      ) : (
        <>
          <Progress
            percent={Math.round((reviewed / score.sample.length) * 100)}
            aria-label={t('sample.progress', { done: reviewed, total: score.sample.length })}
          />
          <Table<ScoreSampleRow>
            rowKey={(s) => s.order.id}
            dataSource={score.sample}
            pagination={score.sample.length > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 900 }}
            size="small"
            columns={[
              { title: '#', key: 'id', render: (_, s) => s.order.id },
              { title: t('sample.service'), key: 'item', render: (_, s) => name(s.order.serviceItem) },
              { title: t('sample.recipient'), key: 'recipient', render: (_, s) => s.order.recipient.name },
              { title: t('sample.carer'), key: 'carer', render: (_, s) => s.order.carer?.name ?? '–' },
              { title: t('sample.when'), key: 'when', render: (_, s) => formatDateTime(s.order.windowStart) },
              {
                title: t('sample.minutes'),
                key: 'minutes',
                align: 'right',
                render: (_, s) => (s.order.visit ? `${s.order.visit.durationMinutes ?? '–'} / ${s.order.visit.standardMinutes}` : '–'),
              },
              {
                title: t('sample.rating'),
                key: 'rating',
                render: (_, s) => (s.order.rating ? <Rate disabled value={s.order.rating.stars} style={{ fontSize: 12 }} /> : '–'),
              },
              { title: t('sample.finding'), key: 'finding', width: 360, render: (_, s) => <Finding scoreId={score.id} row={s} editable={editable} /> },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function Finding({ scoreId, row, editable }: { scoreId: string; row: ScoreSampleRow; editable: boolean }) {
  const { t } = useTranslation('evaluation');
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [saving, review] = useMutation(REVIEW_SAMPLED);

  if (row.reviewedAt) {
    return (
      <Space orientation="vertical" size={0}>
        <span>{row.finding}</span>
        <Typography.Text type="secondary">{t('sample.reviewedBy', { name: row.reviewedByName ?? '', at: formatDateTime(row.reviewedAt) })}</Typography.Text>
      </Space>
    );
  }
  if (!editable) return <>–</>;
  const save = async () => {
    const result = await review({ scoreId, orderId: row.order.id, finding: text.trim() });
    if (result.error) message.error(errorMessage(result.error));
    else message.success(t('sample.saved'));
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('sample.findingPlaceholder')}
        aria-label={t('sample.findingLabel', { id: row.order.id })}
        maxLength={2000}
        onPressEnter={() => text.trim() && void save()}
      />
      <Button type="primary" disabled={!text.trim()} loading={saving.fetching} onClick={() => void save()}>
        {t('sample.save')}
      </Button>
    </Space.Compact>
  );
}
