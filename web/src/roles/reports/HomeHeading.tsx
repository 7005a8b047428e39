// The top of the evaluation and finance homes: the area's title and who is signed in.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../../app/session';
import { viewerName } from '../../app/scope';

export function HomeHeading({ namespace }: { namespace: 'evaluation' | 'finance' }) {
  const { t } = useTranslation(namespace);
  const viewer = useViewer();
  return (
    <div>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph data-testid="signed-in-as" style={{ margin: 0 }}>
        {t('common:signedInAs', { name: viewerName(viewer) })}
      </Typography.Paragraph>
    </div>
  );
}
