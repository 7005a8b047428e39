// One organisation's score for a month: the facts it rests on, the three dimension scores
// with their weights, the composite, grade and coefficient under the policy version in force,
// then the sample review, the adjustment, the sign-off and the history.
import { Alert, Card, Col, Descriptions, Progress, Result, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatDate, formatDateTime } from '../../app/format';
import { TAG_COLOURS } from '../../app/page-parts';
import { GradeTag, formatScore } from '../reports/grades';
import { SCORE, type ScoreDetail } from './operations';
import { ScoreSampleCard } from './ScoreSampleCard';
import { ScoreActions } from './ScoreActions';

export default function ScorePage() {
  const { t } = useTranslation('evaluation');
  const { id = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: SCORE, variables: { id } });
  const score = data?.organisationScore;

  if (fetching && !data)
    return (
      <Spin description={t('common:loading')}>
        <div style={{ height: 200 }} />
      </Spin>
    );
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!score) return <Result status="404" title={t('score.notFound')} extra={<Link to="..">{t('score.back')}</Link>} />;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to={`..?month=${score.month}`}>← {t('score.back')}</Link>
      <Space wrap align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('score.heading', { organisation: score.organisation.name, month: score.month })}
        </Typography.Title>
        <Tag color={score.status === 'SIGNED_OFF' ? TAG_COLOURS.green : TAG_COLOURS.orange} data-testid="score-status">
          {t(`status.${score.status}`)}
        </Tag>
      </Space>
      <Typography.Text type="secondary">
        {t('score.policyLine', {
          version: score.policy.version,
          from: formatDate(score.policy.effectiveFrom),
          excellent: score.policy.excellentFrom,
          good: score.policy.goodFrom,
          pass: score.policy.passFrom,
          sample: score.policy.samplePercent,
        })}
        {' · '}
        {score.signedOffAt
          ? t('score.signedOff', { name: score.signedOffByName ?? '', at: formatDateTime(score.signedOffAt) })
          : t('score.computedAt', { at: formatDateTime(score.computedAt) })}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Facts score={score} />
        </Col>
        <Col xs={24} lg={12}>
          <Dimensions score={score} />
        </Col>
      </Row>
      <ScoreSampleCard score={score} />
      <ScoreActions score={score} />
    </Space>
  );
}

function Facts({ score }: { score: ScoreDetail }) {
  const { t } = useTranslation('evaluation');
  const average = (n: number | null) => (n === null ? '–' : n.toFixed(2));
  return (
    <Card title={t('score.facts')} size="small" style={{ height: '100%' }}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('score.servicesAccepted')}>{score.servicesAccepted}</Descriptions.Item>
        <Descriptions.Item label={t('score.servicesDelivered')}>{score.servicesDelivered}</Descriptions.Item>
        <Descriptions.Item label={t('score.servicesMissed')}>{score.servicesMissed}</Descriptions.Item>
        <Descriptions.Item label={t('score.plannedServices')}>{score.plannedServices ?? t('score.none')}</Descriptions.Item>
        <Descriptions.Item label={t('score.verifiedMinutes')}>{score.verifiedMinutes}</Descriptions.Item>
        <Descriptions.Item label={t('score.standardMinutes')}>{score.standardMinutes}</Descriptions.Item>
        <Descriptions.Item label={t('score.ratings')}>
          {score.ratingCount ? t('score.ratingValue', { count: score.ratingCount, average: average(score.ratingAverage) }) : t('score.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('score.returnVisits')}>
          {score.returnVisitCount
            ? t('score.returnVisitValue', { count: score.returnVisitCount, average: average(score.satisfactionAverage) })
            : t('score.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('score.upheldComplaints')}>{score.upheldComplaints}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Dimensions({ score }: { score: ScoreDetail }) {
  const { t } = useTranslation('evaluation');
  const dimensions = [
    { label: t('scores.duration'), value: score.durationScore, weight: score.policy.weightDuration },
    { label: t('scores.volume'), value: score.volumeScore, weight: score.policy.weightVolume },
    { label: t('scores.quality'), value: score.qualityScore, weight: score.policy.weightQuality },
  ];
  return (
    <Card title={t('score.dimensions')} size="small" style={{ height: '100%' }}>
      {dimensions.map((d) => (
        <div key={d.label} style={{ marginBottom: 12 }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <span>
              {d.label} <Typography.Text type="secondary">({t('score.weight', { weight: d.weight })})</Typography.Text>
            </span>
            <strong>{formatScore(d.value)}</strong>
          </Space>
          <Progress percent={Math.min(100, d.value)} showInfo={false} aria-label={`${d.label} ${formatScore(d.value)}`} />
        </div>
      ))}
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={8}>
          <Statistic title={t('score.composite')} value={formatScore(score.finalScore)} />
        </Col>
        <Col span={8}>
          <Statistic title={t('scores.grade')} valueRender={() => <GradeTag grade={score.grade} />} />
        </Col>
        <Col span={8}>
          <Statistic title={t('scores.coefficient')} value={score.coefficient.toFixed(2)} />
        </Col>
      </Row>
      {score.adjustedScore !== null && (
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          title={`${t('score.computed')} ${formatScore(score.computedScore)} → ${t('score.adjustedTo')} ${formatScore(score.adjustedScore)}`}
          description={`${t('score.justification')}：${score.adjustmentJustification ?? ''}`}
        />
      )}
    </Card>
  );
}
