// One job on the carer's phone: what, when, for whom and where, in large type, with the
// actions its status allows.
import { Alert, Card, Descriptions, Tag, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatTime, formatWindow } from '../../app/format';
import { TAG_COLOURS, useLocalName } from '../../app/page-parts';
import type { Job } from './operations';
import { JobActions } from './JobActions';

const statusColour: Partial<Record<Job['status'], string>> = {
  DISPATCHED: TAG_COLOURS.orange,
  ACCEPTED: TAG_COLOURS.blue,
  IN_SERVICE: TAG_COLOURS.purple,
  COMPLETED: TAG_COLOURS.cyan,
  CONFIRMED: TAG_COLOURS.green,
  DISPUTED: TAG_COLOURS.red,
};

export function JobCard({ job, onChanged }: { job: Job; onChanged: () => void }) {
  const { t } = useTranslation('carer');
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
          {job.lateSince && (job.status === 'DISPATCHED' || job.status === 'ACCEPTED') && (
            <Tag color={TAG_COLOURS.orange} data-testid="job-late">
              {t('jobs.late')}
            </Tag>
          )}
          <Tag color={statusColour[job.status]} data-testid="job-status">
            {t(`status.${job.status}`)}
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
      <JobActions job={job} onChanged={onChanged} />
    </Card>
  );
}
