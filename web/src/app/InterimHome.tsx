// A role's home until its pages are built: the area's title, who is signed in, and what is
// coming (the `coming` list in the area's messages).
import { Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useViewer } from './session';
import { scopeLabel, viewerName } from './scope';

export function InterimHome({ namespace }: { namespace: string }) {
  const { t } = useTranslation(namespace);
  const viewer = useViewer();
  const coming = t('coming', { returnObjects: true }) as unknown as Record<string, string>;
  return (
    <div className="interim-home">
      <Typography.Title level={2}>{t('title')}</Typography.Title>
      <Typography.Paragraph data-testid="signed-in-as">
        {t('common:signedInAs', { name: viewerName(viewer) })}
        {scopeLabel(viewer) && <Typography.Text type="secondary"> · {scopeLabel(viewer)}</Typography.Text>}
      </Typography.Paragraph>
      <Card title={t('common:comingSoon')}>
        <List dataSource={Object.values(coming)} renderItem={(item) => <List.Item>{item}</List.Item>} />
      </Card>
    </div>
  );
}
