// The carer's jobs: today's first, then the next days, live as the dispatcher sends new ones;
// on each day what is to do now above what is finished. The last list from the server is kept
// on the phone: without signal it is shown, saying how old it is, and the app itself opens
// from the phone (the service worker this page registers).
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Empty, Flex, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorCode, errorMessage } from '../../app/errors';
import { countyToday, formatAgo, formatDate } from '../../app/format';
import { useLiveQuery } from '../../app/live';
import { useViewer } from '../../app/session';
import { scopeLabel, viewerName } from '../../app/scope';
import { MY_JOBS, MY_JOBS_UPDATED, type Job } from './operations';
import { JobCard } from './JobCard';
import { usePendingReadings, type PendingReading } from './pending-readings';
import { useKeptJobs, type KeptJobs } from './kept-jobs';
import { byWhatToDoNow } from './job-order';
import { useOfflineShell } from './offline-shell';
import './carer.css';

/** How often the kept list's age is said again. */
const AGE_TICK_MS = 30_000;

export default function HomePage() {
  const { t } = useTranslation('carer');
  const viewer = useViewer();
  useOfflineShell();
  const { result, refetch, liveError } = useLiveQuery({ query: MY_JOBS, variables: {}, subscription: MY_JOBS_UPDATED });
  const { kept, keep } = useKeptJobs(viewer.id);
  const fresh = result.data?.myJobs;
  useEffect(() => {
    if (fresh && !result.stale) keep(fresh);
  }, [fresh, result.stale, keep]);
  // back online, ask at once (a phone that says so may still have no signal: what is shown stays)
  const refetchNow = useRef(refetch);
  refetchNow.current = refetch;
  useEffect(() => {
    const online = () => refetchNow.current();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);

  const jobs = fresh ?? kept?.jobs;
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
  const offline = !fresh && errorCode(result.error) === 'network';
  const waiting = (job: Job) => pending.filter((p) => p.input.orderId === job.id).map((p) => p.kind);
  const today = countyToday();
  const todays = byWhatToDoNow(
    (jobs ?? []).filter((j) => formatDate(j.windowStart) === today),
    waiting,
  );
  const later = byWhatToDoNow(
    (jobs ?? []).filter((j) => formatDate(j.windowStart) > today),
    waiting,
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
      {!fresh && kept && <KeptListAge kept={kept} offline={offline} onRetry={refetch} />}
      {liveError && fresh && (
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
      {result.error && !jobs && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={errorMessage(result.error)}
          style={{ marginBottom: 12 }}
          action={<Button onClick={refetch}>{t('common:retry')}</Button>}
        />
      )}
      {!jobs ? (
        result.fetching && (
          <div className="centered" role="status">
            <Spin description={t('jobs.loading')} />
          </div>
        )
      ) : (
        <>
          <JobList title={t('jobs.today')} empty={t('jobs.noneToday')} jobs={todays} waiting={waiting} onChanged={refetch} />
          <JobList title={t('jobs.upcoming')} empty={t('jobs.noneUpcoming')} jobs={later} waiting={waiting} onChanged={refetch} />
        </>
      )}
    </div>
  );
}

/** Says how old the kept list is ("3分钟前的数据"), and why it is shown: no signal, or still asking. */
function KeptListAge({ kept, offline, onRetry }: { kept: KeptJobs; offline: boolean; onRetry: () => void }) {
  const { t, i18n } = useTranslation('carer');
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), AGE_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const age = formatAgo(kept.savedAt, i18n.language, now) ?? t('kept.justNow');
  return (
    <Alert
      type={offline ? 'warning' : 'info'}
      showIcon
      role="status"
      data-testid="kept-jobs"
      message={offline ? t('kept.offline', { age }) : t('kept.updating', { age })}
      style={{ marginBottom: 12 }}
      action={
        offline && (
          <Button icon={<ReloadOutlined aria-hidden />} onClick={onRetry}>
            {t('common:retry')}
          </Button>
        )
      }
    />
  );
}

interface JobListProps {
  title: string;
  empty: string;
  jobs: Job[];
  /** The kinds of the readings kept on the phone for a job. */
  waiting: (job: Job) => PendingReading['kind'][];
  onChanged: () => void;
}

function JobList({ title, empty, jobs, waiting, onChanged }: JobListProps) {
  return (
    <section aria-label={title} className="carer-section">
      <Typography.Title level={3}>{title}</Typography.Title>
      {jobs.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
      ) : (
        <Flex vertical gap={16}>
          {jobs.map((job) => (
            <JobCard key={job.id} job={job} waiting={waiting(job)} onChanged={onChanged} />
          ))}
        </Flex>
      )}
    </section>
  );
}
