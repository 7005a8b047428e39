// How much of the year's county fund the statements have used against the share of the year
// settled, with the warning when spending runs ahead or far behind.
import { Alert, Card, Col, Progress, Row, Skeleton, Statistic } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatYuan } from '../../app/format';
import { FUND_PACE } from './operations';

export function FundPaceCard({ year }: { year: number }) {
  const { t } = useTranslation('finance');
  const [{ data, fetching, error }] = useQuery({ query: FUND_PACE, variables: { year }, requestPolicy: 'cache-and-network' });
  const pace = data?.fundPace;
  const percents = pace ? { used: pace.usedPercent.toFixed(1), elapsed: pace.elapsedPercent.toFixed(1) } : null;
  return (
    <Card title={t('pace.heading', { year })} size="small" style={{ height: '100%' }} data-testid="fund-pace">
      {error && <Alert type="error" showIcon title={errorMessage(error)} />}
      {fetching && !pace && <Skeleton active paragraph={{ rows: 2 }} />}
      {pace && percents && (
        <>
          <Row gutter={16}>
            <Col span={12}>
              <Statistic title={t('pace.fund')} value={formatYuan(pace.countyFund)} />
            </Col>
            <Col span={12}>
              <Statistic title={t('pace.settled')} value={formatYuan(pace.settled)} />
            </Col>
          </Row>
          <div style={{ marginTop: 12 }}>
            {t('pace.used')}
            <Progress
              percent={Math.min(100, pace.usedPercent)}
              format={() => `${percents.used}%`}
              status={pace.pace === 'AHEAD' ? 'exception' : 'normal'}
              aria-label={`${t('pace.used')} ${percents.used}%`}
            />
            {t('pace.elapsed')}
            <Progress
              percent={Math.min(100, pace.elapsedPercent)}
              format={() => `${percents.elapsed}%`}
              strokeColor="#8c8c8c"
              aria-label={`${t('pace.elapsed')} ${percents.elapsed}%`}
            />
          </div>
          <Alert style={{ marginTop: 12 }} type={pace.pace === 'ON_PACE' ? 'success' : 'warning'} showIcon title={t(`pace.${pace.pace}`, percents)} />
        </>
      )}
    </Card>
  );
}
