// What the carer earned, month by month, from settled services (carerEarnings answers a carer
// with their own only): the year's total, then each month newest first; earlier years a tap away.
import { useState } from 'react';
import { Alert, Button, Empty, Spin, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { countyMonth, formatMonthName, formatYuan } from '../../app/format';
import { MY_EARNINGS } from './operations';
import { useOfflineShell } from './offline-shell';
import './carer.css';

/** The first year the programme's books can hold. */
const FIRST_YEAR = 2000;

export default function EarningsPage() {
  const { t, i18n } = useTranslation('carer');
  useOfflineShell();
  const thisYear = Number(countyMonth().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [result, refetch] = useQuery({ query: MY_EARNINGS, variables: { year } });
  // a carer gets one row, their own, or none when nothing of the year is settled
  const earnings = result.data?.carerEarnings[0];
  const months = [...(earnings?.months ?? [])].reverse();

  return (
    <div className="carer-home">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('earnings.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('earnings.help')}</Typography.Paragraph>

      <div className="carer-year">
        <Button
          size="large"
          icon={<LeftOutlined aria-hidden />}
          aria-label={t('earnings.previousYear')}
          disabled={year <= FIRST_YEAR}
          onClick={() => setYear(year - 1)}
        />
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="earnings-year">
          {t('earnings.year', { year })}
        </Typography.Title>
        <Button
          size="large"
          icon={<RightOutlined aria-hidden />}
          aria-label={t('earnings.nextYear')}
          disabled={year >= thisYear}
          onClick={() => setYear(year + 1)}
        />
      </div>

      {result.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={errorMessage(result.error)}
          style={{ marginBottom: 12 }}
          action={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common:retry')}</Button>}
        />
      )}
      {result.fetching && !result.data ? (
        <div className="centered" role="status">
          <Spin description={t('earnings.loading')} />
        </div>
      ) : (
        result.data &&
        (earnings ? (
          <>
            <section className="carer-total" aria-label={t('earnings.total')} data-testid="earnings-total">
              <span>{t('earnings.total')}</span>
              <strong>{formatYuan(earnings.yearTotal)}</strong>
              <span>{t('earnings.services', { count: earnings.services })}</span>
            </section>
            <ol className="carer-months" aria-label={t('earnings.title')}>
              {months.map((m) => (
                <li key={m.month} data-testid={`earnings-${m.month}`}>
                  <span className="carer-month-name">{formatMonthName(m.month, i18n.language)}</span>
                  <span className="carer-month-count">{t('earnings.services', { count: m.services })}</span>
                  <strong className="carer-month-amount">{formatYuan(m.amount)}</strong>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('earnings.none', { year })} />
        ))
      )}
    </div>
  );
}
