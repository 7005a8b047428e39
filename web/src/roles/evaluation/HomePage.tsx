// The evaluator's month: every organisation's score with its three dimensions, composite,
// grade and status; scoring the month now when the worker has not; a link to each breakdown.
import { Alert, App, Button, Card, Empty, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { HomeHeading } from '../reports/HomeHeading';
import { TAG_COLOURS } from '../../app/page-parts';
import { GradeTag, formatScore } from '../reports/grades';
import { MONTH_CLOSING, SCORES, SCORE_MONTH, type ScoreSummary } from './operations';
import { lastMonth, recentMonths } from '../reports/months';

export default function HomePage() {
  const { t } = useTranslation('evaluation');
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? lastMonth();
  const [{ data, fetching, error }, refetch] = useQuery({ query: SCORES, variables: { month } });
  const [scoring, scoreMonth] = useMutation(SCORE_MONTH);
  // scoring is refused until the month is closed: say why before anyone presses the button
  const [{ data: closingData }, refetchClosing] = useQuery({ query: MONTH_CLOSING, variables: { month } });
  const closing = closingData?.monthClosing;
  const scores = data?.organisationScores ?? [];

  const scoreNow = async () => {
    const result = await scoreMonth({ month });
    if (result.error) return void message.error(errorMessage(result.error));
    message.success(t('scores.scored'));
    refetch({ requestPolicy: 'network-only' });
    refetchClosing({ requestPolicy: 'network-only' });
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <HomeHeading namespace="evaluation" />
      <Space wrap>
        <label htmlFor="score-month">{t('scores.month')}</label>
        <Select
          id="score-month"
          value={month}
          style={{ width: 140 }}
          onChange={(m) => setParams({ month: m })}
          options={recentMonths().map((m) => ({ value: m, label: m }))}
        />
        <Button onClick={() => void scoreNow()} loading={scoring.fetching} disabled={closing ? !closing.closable : false}>
          {t('scores.scoreNow')}
        </Button>
        <Typography.Text type="secondary">{t('scores.scoreNowHelp')}</Typography.Text>
      </Space>
      {closing && !closing.closable && (
        <Alert
          data-testid="month-not-closed"
          type="info"
          showIcon
          title={closing.over ? t('scores.unfinished', { count: closing.unfinishedServices }) : t('scores.notOver')}
        />
      )}
      {error && <Alert type="error" showIcon title={errorMessage(error)} />}
      <Card title={t('scores.heading')}>
        {!data && fetching ? (
          <Skeleton active />
        ) : (
          <Table<ScoreSummary>
            rowKey="id"
            dataSource={scores}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('scores.empty')} /> }}
            columns={[
              { title: t('scores.organisation'), key: 'organisation', render: (_, s) => <Link to={`scores/${s.id}`}>{s.organisation.name}</Link> },
              { title: t('scores.services'), dataIndex: 'servicesDelivered', align: 'right' },
              { title: t('scores.duration'), key: 'duration', align: 'right', render: (_, s) => formatScore(s.durationScore) },
              { title: t('scores.volume'), key: 'volume', align: 'right', render: (_, s) => formatScore(s.volumeScore) },
              { title: t('scores.quality'), key: 'quality', align: 'right', render: (_, s) => formatScore(s.qualityScore) },
              {
                title: t('scores.final'),
                key: 'final',
                align: 'right',
                render: (_, s) => (
                  <>
                    {formatScore(s.finalScore)}
                    {s.adjustedScore !== null && <Tag style={{ marginLeft: 8 }}>{t('scores.adjusted')}</Tag>}
                  </>
                ),
              },
              { title: t('scores.grade'), key: 'grade', render: (_, s) => <GradeTag grade={s.grade} /> },
              { title: t('scores.coefficient'), key: 'coefficient', align: 'right', render: (_, s) => s.coefficient.toFixed(2) },
              { title: t('scores.policy'), key: 'policy', align: 'right', render: (_, s) => `v${s.policy.version}` },
              {
                title: t('scores.status'),
                key: 'status',
                render: (_, s) => <Tag color={s.status === 'SIGNED_OFF' ? TAG_COLOURS.green : TAG_COLOURS.orange}>{t(`status.${s.status}`)}</Tag>,
              },
              {
                title: '',
                key: 'open',
                render: (_, s) => (
                  <Link to={`scores/${s.id}`} aria-label={`${t('scores.open')}: ${s.organisation.name}`}>
                    {t('scores.open')}
                  </Link>
                ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
