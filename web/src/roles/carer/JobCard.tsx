// One job on the carer's phone: what, when, for whom and where, in large type, with the
// actions its status allows. A check-in or check-out kept on the phone (no signal) counts
// here already: checked in, the carer can check out; checked out, the job waits to be sent.
import { Alert, Card, Descriptions, Tag, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatTime, formatWindow } from '../../app/format';
import { TAG_COLOURS, useLocalName } from '../../app/page-parts';
import type { Job } from './operations';
import type { PendingReading } from './pending-readings';
import { JobActions } from './JobActions';
import { statusWith } from './job-order';

const statusColour: Partial<Record<Job['status'], string>> = {
  DISPATCHED: TAG_COLOURS.orange,
  ACCEPTED: TAG_COLOURS.blue,
  IN_SERVICE: TAG_COLOURS.purple,
  COMPLETED: TAG_COLOURS.cyan,
  CONFIRMED: TAG_COLOURS.green,
  DISPUTED: TAG_COLOURS.red,
};

export function JobCard({ job, waiting = [], onChanged }: { job: Job; waiting?: readonly PendingReading['kind'][]; onChanged: () => void }) {
  const { t } = useTranslation('carer');
  const status = statusWith(job, waiting);
  const kept = status !== job.status;
  const item = useLocalName()(job.serviceItem);
  const visit = job.visit;
  const headingId = `job-${job.id}-title`;

  return (
    <Card className="carer-job" data-testid={`job-${job.id}`} role="article" aria-labelledby={headingId}>
      <div className="carer-job-head">
        <Typography.Title level={4} id={headingId} style={{ margin: 0 }}>
          {item}
          {job.quantity > 1 ? ` × ${job.quantity}` : ''}
        </Typography.Title>
        <span>
          {job.isUrgent && <Tag color={TAG_COLOURS.red}>{t('jobs.urgent')}</Tag>}
          {job.lateSince && (status === 'DISPATCHED' || status === 'ACCEPTED') && (
            <Tag color={TAG_COLOURS.orange} data-testid="job-late">
              {t('jobs.late')}
            </Tag>
          )}
          <Tag color={statusColour[status]} data-testid="job-status">
            {t(`status.${status}`)}
          </Tag>
        </span>
      </div>
      <Descriptions column={1} size="small" className="carer-job-facts">
        <Descriptions.Item label={t('jobs.window')}>{formatWindow(job.windowStart, job.windowEnd)}</Descriptions.Item>
        <Descriptions.Item label={t('jobs.recipient')}>
          <span>
            <Typography.Text strong>{job.recipient.name}</Typography.Text>
            <br />
            {job.recipient.phone ? (
              <a href={`tel:${job.recipient.phone}`} aria-label={t('jobs.call', { phone: job.recipient.phone })}>
                <PhoneOutlined aria-hidden /> {job.recipient.phone}
              </a>
            ) : (
              <Typography.Text type="secondary">{t('jobs.noPhone')}</Typography.Text>
            )}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('jobs.address')}>{job.place.address}</Descriptions.Item>
        {job.notes && <Descriptions.Item label={t('jobs.notes')}>{job.notes}</Descriptions.Item>}
      </Descriptions>

      {visit && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('checkIn.at', { time: formatTime(visit.checkedInAt) })}
          {visit.checkInDistanceMeters !== null && ` · ${t('checkIn.distance', { meters: visit.checkInDistanceMeters })}`}
          {visit.checkedOutAt && (
            <>
              <br />
              {t('checkOut.at', { time: formatTime(visit.checkedOutAt), minutes: visit.durationMinutes ?? 0 })}
            </>
          )}
        </Typography.Paragraph>
      )}
      {visit && visit.flags.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('flags.title')}
          description={visit.flags.map((f) => t(`flags.${f}`)).join('；')}
        />
      )}
      {job.status === 'CONFIRMED' && visit?.workDone && (
        <Typography.Paragraph>
          <Typography.Text strong>{t('workDone.label')}：</Typography.Text>
          {visit.workDone}
        </Typography.Paragraph>
      )}
      {kept ? (
        <Alert
          type="info"
          showIcon
          role="status"
          data-testid="job-kept"
          style={{ marginBottom: 12 }}
          message={t(`offline.kept${status === 'COMPLETED' ? 'CheckOut' : 'CheckIn'}`)}
        />
      ) : null}
      <JobActions job={job} status={status} onChanged={onChanged} />
    </Card>
  );
}
