// One carer of the organisation (for a county admin, of any organisation): their details, on or
// off, their certificates, their weekly hours on a week grid, and the recipients paired with them.
import { useState } from 'react';
import { Button, Card, Descriptions, Empty, Flex, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { CARER } from './operations';
import { CardHeading, QueryError, TAG_COLOURS } from './parts';
import { CarerActiveDialog, HoursCard, PairingCard, QualificationsCard } from './carers/CarerCards';

export default function CarerPage() {
  const { t } = useTranslation('dispatch');
  const { id = '' } = useParams();
  const [result, refetch] = useQuery({ query: CARER, variables: { id } });
  const [turning, setTurning] = useState(false);
  const carer = result.data?.carer;

  const back = (
    <Link to={{ pathname: '..', search: carer ? `?organisation=${carer.organisation.id}` : '' }} relative="path">
      <ArrowLeftOutlined aria-hidden /> {t('carer.back')}
    </Link>
  );
  if (result.error) {
    return (
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {back}
        <QueryError error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      </Space>
    );
  }
  if (!carer) {
    return result.fetching ? (
      <div className="centered" role="status">
        <Spin />
      </div>
    ) : (
      <Space orientation="vertical">
        {back}
        <Empty description={t('carer.notFound')} />
      </Space>
    );
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {back}
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Flex align="center" gap={12}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {carer.name}
          </Typography.Title>
          <Tag color={carer.active ? TAG_COLOURS.green : TAG_COLOURS.grey} data-testid="carer-status">
            {t(carer.active ? 'carer.active' : 'carer.inactive')}
          </Tag>
        </Flex>
        <Button danger={carer.active} onClick={() => setTurning(true)}>
          {t(carer.active ? 'carer.turnOff' : 'carer.turnOn')}
        </Button>
      </Flex>
      <Card title={<CardHeading>{t('carer.facts')}</CardHeading>}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('carer.organisation')}>{carer.organisation.name}</Descriptions.Item>
          <Descriptions.Item label={t('carer.kind')}>{t(`enums.kind.${carer.kind}`)}</Descriptions.Item>
          {carer.hardshipCategory && <Descriptions.Item label={t('carer.hardship')}>{t(`enums.hardship.${carer.hardshipCategory}`)}</Descriptions.Item>}
          <Descriptions.Item label={t('carer.village')}>
            {carer.homeVillage.parent?.name} {carer.homeVillage.name}
          </Descriptions.Item>
          <Descriptions.Item label={t('carer.phone')}>{carer.phone ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <HoursCard carer={carer} />
      <QualificationsCard carer={carer} />
      <PairingCard carer={carer} />
      {turning && <CarerActiveDialog carer={carer} onClose={() => setTurning(false)} />}
    </Space>
  );
}
