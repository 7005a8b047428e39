// The county's recipient registry: every township, with registration of new candidates.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RecipientTable } from './registry/RecipientTable';
import { RegisterRecipient } from './registry/RegisterRecipient';

const detailPath = (id: string) => `/admin-console/recipients/${id}`;

export default function RecipientsPage() {
  const { t } = useTranslation('admin');
  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('registry.title')}
      </Typography.Title>
      <RecipientTable detailPath={detailPath} extra={<RegisterRecipient detailPath={detailPath} />} />
    </>
  );
}
