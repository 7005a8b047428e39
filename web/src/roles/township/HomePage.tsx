// The township station's registry: its own recipients (the server keeps township staff to
// their township), to look up, open and register (in a village of the township); above it,
// how many complaints wait for the station to verify, when any do.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../../app/session';
import { scopeLabel, viewerName } from '../../app/scope';
import { RecipientTable } from '../admin/registry/RecipientTable';
import { RegisterRecipient } from '../admin/registry/RegisterRecipient';
import { QueueReminder } from '../complaints/parts';

const detailPath = (id: string) => `/township/recipients/${id}`;

export default function HomePage() {
  const { t } = useTranslation('township');
  const viewer = useViewer();
  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph data-testid="signed-in-as">
        {t('common:signedInAs', { name: viewerName(viewer) })}
        {scopeLabel(viewer) && <Typography.Text type="secondary"> · {scopeLabel(viewer)}</Typography.Text>}
      </Typography.Paragraph>
      <QueueReminder queuePath="/township/complaints" />
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('intro', { township: viewer.township?.name ?? '' })}
      </Typography.Paragraph>
      <RecipientTable
        detailPath={detailPath}
        townshipId={viewer.township?.id}
        extra={viewer.township && <RegisterRecipient detailPath={detailPath} scope={{ townshipId: viewer.township.id }} />}
      />
    </>
  );
}
