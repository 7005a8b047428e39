// Carers' income from settled services per month of a year: assisted-employment carers (the
// county's "about 6,000 yuan more a year") by default, or every carer.
import { useState } from 'react';
import { Alert, Card, Empty, Segmented, Select, Space, Table, Typography } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { countyMonth, formatYuan } from '../../app/format';
import { monthsOf } from '../reports/dashboard-figures';
import { CARER_EARNINGS, type CarerEarnings } from './operations';

export default function CarersPage() {
  const { t } = useTranslation('finance');
  const thisYear = Number(countyMonth().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [kind, setKind] = useState<'ASSISTED_EMPLOYMENT' | 'ALL'>('ASSISTED_EMPLOYMENT');
  const [{ data, fetching, error }] = useQuery({
    query: CARER_EARNINGS,
    variables: { year, kind: kind === 'ALL' ? null : kind },
  });
  const rows = data?.carerEarnings ?? [];
  const total = rows.reduce((n, r) => n + r.yearTotal, 0);
  const months = monthsOf(year);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('carers.heading')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('carers.help')}
      </Typography.Paragraph>
      <Space wrap>
        <label htmlFor="earnings-year">{t('carers.year')}</label>
        <Select
          id="earnings-year"
          value={year}
          onChange={setYear}
          style={{ width: 100 }}
          options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: String(y) }))}
        />
        <Segmented
          aria-label={t('carers.kind')}
          value={kind}
          onChange={(v) => setKind(v as typeof kind)}
          options={[
            { value: 'ASSISTED_EMPLOYMENT', label: t('carers.assisted') },
            { value: 'ALL', label: t('carers.all') },
          ]}
        />
      </Space>
      {error && <Alert type="error" showIcon title={errorMessage(error)} />}
      {rows.length > 0 && (
        <Typography.Text strong>{t('carers.average', { amount: formatYuan(Math.round(total / rows.length)), count: rows.length })}</Typography.Text>
      )}
      <Card>
        <Table<CarerEarnings>
          rowKey={(r) => r.carer.id}
          size="small"
          loading={fetching}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1400 }}
          locale={{ emptyText: <Empty description={t('carers.empty')} /> }}
          columns={[
            { title: t('carers.carer'), key: 'carer', fixed: 'left', render: (_, r) => r.carer.name },
            { title: t('carers.organisation'), key: 'organisation', render: (_, r) => r.carer.organisation.name },
            { title: t('carers.village'), key: 'village', render: (_, r) => r.carer.homeVillage.name },
            ...months.map((m) => ({
              title: m.slice(5),
              key: m,
              align: 'right' as const,
              render: (_: unknown, r: CarerEarnings) => {
                const month = r.months.find((x) => x.month === m);
                return month ? formatYuan(month.amount) : '–';
              },
            })),
            { title: t('carers.services'), dataIndex: 'services', align: 'right' },
            { title: t('carers.total'), key: 'total', align: 'right', render: (_, r) => <strong>{formatYuan(r.yearTotal)}</strong> },
          ]}
        />
      </Card>
    </Space>
  );
}
