// The carer's jobs: today's first, then the next days, live as the dispatcher sends new ones.
import { Alert, App, Button, Empty, Flex, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { countyToday, formatDate } from '../../app/format';
import { useLiveQuery } from '../../app/live';
import { useViewer } from '../../app/session';
import { scopeLabel, viewerName } from '../../app/scope';
import { MY_JOBS, MY_JOBS_UPDATED, type Job } from './operations';
import { JobCard } from './JobCard';
import { usePendingReadings } from './pending-readings';
import './carer.css';

export default function HomePage() {
  const { t } = useTranslation('carer');
  const viewer = useViewer();
  const { result, refetch, liveError } = useLiveQuery({ query: MY_JOBS, variables: {}, subscription: MY_JOBS_UPDATED });
  const jobs = result.data?.myJobs ?? [];
  const today = countyToday();
  const todays = jobs.filter((j) => formatDate(j.windowStart) === today);
  const later = jobs.filter((j) => formatDate(j.windowStart) > today);
  const { message } = App.useApp();
  const { pending, send } = usePendingReadings(
    () => {
      void message.success(t('offline.sent'));
      refetch();
    },
    (refusal) => {
      void message.error(refusal);
      refetch();
    },
  );

  return (
    <div className="carer-home">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph data-testid="signed-in-as">
        {t('common:signedInAs', { name: viewerName(viewer) })}
        {scopeLabel(viewer) && <Typography.Text type="secondary"> · {scopeLabel(viewer)}</Typography.Text>}
      </Typography.Paragraph>

      {pending.length > 0 && (
        <Alert
          type="info"
          showIcon
          role="status"
          data-testid="pending-readings"
          message={t('offline.pending', { count: pending.length })}
          style={{ marginBottom: 12 }}
          action={<Button onClick={() => void send()}>{t('offline.sendNow')}</Button>}
        />
      )}
      {liveError && (
        <Alert
          type="warning"
          showIcon
          message={t('jobs.liveStopped')}
          style={{ marginBottom: 12 }}
          action={
            <Button icon={<ReloadOutlined aria-hidden />} onClick={refetch}>
              {t('jobs.refresh')}
            </Button>
          }
        />
      )}
      {result.error && !result.data && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={errorMessage(result.error)}
          style={{ marginBottom: 12 }}
          action={<Button onClick={refetch}>{t('common:retry')}</Button>}
        />
      )}
      {result.fetching && !result.data ? (
        <div className="centered" role="status">
          <Spin description={t('jobs.loading')} />
        </div>
      ) : (
        result.data && (
          <>
            <JobList title={t('jobs.today')} empty={t('jobs.noneToday')} jobs={todays} onChanged={refetch} />
            <JobList title={t('jobs.upcoming')} empty={t('jobs.noneUpcoming')} jobs={later} onChanged={refetch} />
          </>
        )
      )}
    </div>
  );
}

function JobList({ title, empty, jobs, onChanged }: { title: string; empty: string; jobs: Job[]; onChanged: () => void }) {
  return (
    <section aria-label={title} className="carer-section">
      <Typography.Title level={3}>{title}</Typography.Title>
      {jobs.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
      ) : (
        <Flex vertical gap={16}>
          {jobs.map((job) => (
            <JobCard key={job.id} job={job} onChanged={onChanged} />
          ))}
        </Flex>
      )}
    </section>
  );
}
