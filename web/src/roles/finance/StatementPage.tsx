// One settlement statement: its totals (value, withheld by grade and by the fund's cap,
// payable, carer pay), who ran, approved and paid it, approval and payment, downloads, and the
// lines (page by page) with subtotals per recipient and per service item.
import { useState } from 'react';
import { Alert, Card, Col, Descriptions, Result, Row, Space, Spin, Statistic, Tabs, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatDateTime, formatYuan } from '../../app/format';
import { GradeTag } from '../reports/grades';
import { STATEMENT, type Statement } from './operations';
import { statusColour } from './status';
import { StatementActions } from './StatementActions';
import { ItemSubtotals, RecipientSubtotals, StatementLines } from './StatementLines';

const PAGE_SIZE = 50;

export default function StatementPage() {
  const { t } = useTranslation('finance');
  const { id = '' } = useParams();
  // the cursors of the pages read so far: page n starts after cursors[n - 1]
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [{ data, fetching, error }] = useQuery({ query: STATEMENT, variables: { id, first: PAGE_SIZE, after } });
  const statement = data?.settlement;

  if (fetching && !data)
    return (
      <Spin description={t('common:loading')}>
        <div style={{ height: 200 }} />
      </Spin>
    );
  if (error && !data) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!statement) return <Result status="404" title={t('statement.notFound')} extra={<Link to="..">{t('statement.back')}</Link>} />;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to={`..?year=${statement.month.slice(0, 4)}`}>← {t('statement.back')}</Link>
      <Space wrap align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('statement.heading', { organisation: statement.organisation.name, month: statement.month })}
        </Typography.Title>
        <Tag color={statusColour[statement.status]} data-testid="settlement-status">
          {t(`status.${statement.status}`)}
        </Tag>
      </Space>
      <Totals statement={statement} />
      <StatementActions statement={statement} />
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'lines',
              label: t('statement.lines'),
              children: (
                <StatementLines
                  connection={statement.lines}
                  page={cursors.length}
                  loading={fetching}
                  onNext={() => statement.lines.pageInfo.endCursor && setCursors([...cursors, statement.lines.pageInfo.endCursor])}
                  onPrevious={() => setCursors(cursors.slice(0, -1))}
                />
              ),
            },
            { key: 'recipients', label: t('statement.byRecipient'), children: <RecipientSubtotals rows={statement.byRecipient} /> },
            { key: 'items', label: t('statement.byItem'), children: <ItemSubtotals rows={statement.byItem} /> },
          ]}
        />
      </Card>
    </Space>
  );
}

function Totals({ statement: s }: { statement: Statement }) {
  const { t } = useTranslation('finance');
  const who = (name: string | null, at: string | null, worker = false) =>
    at ? `${name ?? (worker ? t('statement.worker') : '–')} · ${formatDateTime(at)}` : '–';
  return (
    <Card title={t('statement.totals')} size="small">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Statistic title={t('statement.services')} value={s.services} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic title={t('statement.value')} value={formatYuan(s.value)} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic title={t('statement.withheldByGrade')} value={formatYuan(s.withheldByGrade)} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic title={t('statement.withheldByCap')} value={formatYuan(s.withheldByCap)} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic title={t('statement.payable')} value={formatYuan(s.payable)} styles={{ content: { fontWeight: 600 } }} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic title={t('statement.carerPay')} value={formatYuan(s.carerPay)} />
        </Col>
      </Row>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('statement.grade')}>
          <GradeTag grade={s.grade} /> × {s.coefficient.toFixed(2)}
          <Typography.Text type="secondary">（{t('statement.finalScore', { score: s.score.finalScore.toFixed(2) })}）</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('statement.runBy')}>{who(s.runByName, s.runAt, true)}</Descriptions.Item>
        <Descriptions.Item label={t('statement.approvedBy')}>{who(s.approvedByName, s.approvedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('statement.paidBy')}>{who(s.paidByName, s.paidAt)}</Descriptions.Item>
        {s.paymentReference && (
          <Descriptions.Item label={t('statement.paymentReference')}>
            <span data-testid="payment-reference">{s.paymentReference}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {s.fundPace.pace !== 'ON_PACE' && (
        <Alert
          type="warning"
          showIcon
          title={t('statement.fundWarning')}
          description={t(`pace.${s.fundPace.pace}`, { used: s.fundPace.usedPercent.toFixed(1), elapsed: s.fundPace.elapsedPercent.toFixed(1) })}
          style={{ marginTop: 12 }}
          data-testid="statement-fund-pace"
        />
      )}
    </Card>
  );
}
