// Finance's statements: filtered by year, month and status, with the county fund's pace above
// and the form to run a month's settlement beside them. Filters live in the address so a
// statement's back link returns to the same list.
import { Alert, Card, Col, Empty, Row, Select, Skeleton, Space, Table, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { HomeHeading } from '../reports/HomeHeading';
import { countyMonth, formatYuan } from '../../app/format';
import { GradeTag } from '../reports/grades';
import { SETTLEMENTS, type SettlementStatus, type SettlementSummary } from './operations';
import { FundPaceCard } from './FundPaceCard';
import { RunSettlementCard } from './RunSettlementCard';
import { statusColour } from './status';

const STATUSES: SettlementStatus[] = ['DRAFT', 'APPROVED', 'PAID'];

export default function HomePage() {
  const { t } = useTranslation('finance');
  const [params, setParams] = useSearchParams();
  const thisYear = Number(countyMonth().slice(0, 4));
  const year = Number(params.get('year') ?? thisYear);
  const month = params.get('month');
  const status = params.get('status') as SettlementStatus | null;
  const [{ data, fetching, error }] = useQuery({
    query: SETTLEMENTS,
    variables: { year, month: month ? `${year}-${month}` : null, status },
    requestPolicy: 'cache-and-network',
  });
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <HomeHeading namespace="finance" />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <FundPaceCard year={year} />
        </Col>
        <Col xs={24} xl={10}>
          <RunSettlementCard />
        </Col>
      </Row>
      <Card title={t('list.heading')}>
        <Space wrap style={{ marginBottom: 16 }}>
          <label htmlFor="settlement-year">{t('list.year')}</label>
          <Select
            id="settlement-year"
            value={year}
            style={{ width: 100 }}
            onChange={(y) => set('year', String(y))}
            options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: String(y) }))}
          />
          <label htmlFor="settlement-month">{t('list.month')}</label>
          <Select
            id="settlement-month"
            value={month ?? ''}
            style={{ width: 120 }}
            onChange={(m) => set('month', m || null)}
            options={[
              { value: '', label: t('list.allMonths') },
              ...Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).map((m) => ({ value: m, label: `${year}-${m}` })),
            ]}
          />
          <label htmlFor="settlement-status">{t('list.statusFilter')}</label>
          <Select
            id="settlement-status"
            value={status ?? ''}
            style={{ width: 120 }}
            onChange={(s) => set('status', s || null)}
            options={[{ value: '', label: t('list.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
          />
        </Space>
        {error && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
        {!data && fetching ? (
          <Skeleton active />
        ) : (
          <Table<SettlementSummary>
            rowKey="id"
            dataSource={data?.settlements ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('list.empty')} /> }}
            columns={[
              { title: t('list.month'), dataIndex: 'month' },
              { title: t('list.organisation'), key: 'organisation', render: (_, s) => <Link to={`settlements/${s.id}`}>{s.organisation.name}</Link> },
              { title: t('list.services'), dataIndex: 'services', align: 'right' },
              { title: t('list.value'), key: 'value', align: 'right', render: (_, s) => formatYuan(s.value) },
              { title: t('list.withheld'), key: 'withheld', align: 'right', render: (_, s) => formatYuan(s.withheldByGrade + s.withheldByCap) },
              { title: t('list.payable'), key: 'payable', align: 'right', render: (_, s) => <strong>{formatYuan(s.payable)}</strong> },
              { title: t('list.grade'), key: 'grade', render: (_, s) => <GradeTag grade={s.grade} /> },
              { title: t('list.status'), key: 'status', render: (_, s) => <Tag color={statusColour[s.status]}>{t(`status.${s.status}`)}</Tag> },
              {
                title: '',
                key: 'open',
                render: (_, s) => (
                  <Link to={`settlements/${s.id}`} aria-label={`${t('list.open')}: ${s.organisation.name} ${s.month}`}>
                    {t('list.open')}
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
