// The catalog with guide prices, inactive items included: change a price (from now or a
// later instant, with a reason) and offer or withdraw an item. Price history per item.
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Popconfirm, Spin, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { TAG_COLOURS, useLocalName } from '../../app/page-parts';
import { formatDateTime, formatYuan } from '../../app/format';
import { CATALOG, SET_ITEM_ACTIVE, type CatalogItem } from './operations';
import { PriceDialog } from './PriceDialog';

export default function CatalogPage() {
  const { t } = useTranslation('admin');
  const [result, refetch] = useQuery({ query: CATALOG, variables: {} });
  const [pricing, setPricing] = useState<CatalogItem | null>(null);
  const name = useLocalName();

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('catalog.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('catalog.help')}
      </Typography.Paragraph>
      {result.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={errorMessage(result.error)}
          action={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common:retry')}</Button>}
        />
      )}
      {result.fetching && !result.data && (
        <div className="centered" role="status">
          <Spin />
        </div>
      )}
      {result.data?.serviceCatalog.map((category) => (
        <Card key={category.id} title={<h3 className="card-heading">{name(category)}</h3>}>
          <Table<CatalogItem>
            rowKey="id"
            size="middle"
            pagination={false}
            dataSource={category.items}
            scroll={{ x: 860 }}
            expandable={{
              expandedRowRender: (item) => <PriceHistory item={item} />,
              expandRowByClick: false,
            }}
            columns={[
              { title: t('catalog.item'), render: (_: unknown, item) => <span data-testid={`item-${item.code}`}>{name(item)}</span> },
              { title: t('catalog.unit'), dataIndex: 'unit', width: 70, render: (u: CatalogItem['unit']) => t(`catalog.units.${u}`) },
              { title: t('catalog.minutes'), dataIndex: 'standardMinutes', width: 110, render: (m: number) => t('catalog.minutesValue', { count: m }) },
              {
                title: t('catalog.flags'),
                width: 160,
                render: (_: unknown, item) => (
                  <>
                    {item.requiresProfessional && <Tag color={TAG_COLOURS.purple}>{t('catalog.professional')}</Tag>}
                    {item.isUrgent && <Tag color={TAG_COLOURS.red}>{t('catalog.urgent')}</Tag>}
                  </>
                ),
              },
              {
                title: t('catalog.price'),
                dataIndex: 'price',
                width: 170,
                align: 'right',
                render: (price: number, item) => (
                  <Flex gap={8} justify="flex-end" align="center">
                    <span data-testid={`price-${item.code}`}>{formatYuan(price)}</span>
                    <Button
                      size="small"
                      icon={<EditOutlined aria-hidden />}
                      aria-label={`${t('catalog.changePrice')}: ${name(item)}`}
                      onClick={() => setPricing(item)}
                    />
                  </Flex>
                ),
              },
              { title: t('catalog.active'), width: 90, render: (_: unknown, item) => <ActiveSwitch item={item} label={name(item)} /> },
            ]}
          />
        </Card>
      ))}
      <PriceDialog item={pricing} onClose={() => setPricing(null)} />
    </Flex>
  );
}

function PriceHistory({ item }: { item: CatalogItem }) {
  const { t } = useTranslation('admin');
  return (
    <Flex vertical gap={4}>
      <Typography.Text strong>{t('catalog.history')}</Typography.Text>
      {[...item.priceHistory].reverse().map((p) => (
        <Typography.Text key={p.effectiveFrom}>
          {formatYuan(p.priceFen)} · {t('catalog.historyFrom', { from: formatDateTime(p.effectiveFrom) })} · {p.reason}
        </Typography.Text>
      ))}
    </Flex>
  );
}

function ActiveSwitch({ item, label }: { item: CatalogItem; label: string }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [state, setActive] = useMutation(SET_ITEM_ACTIVE);
  const onConfirm = async () => {
    const result = await setActive({ serviceItemId: item.id, active: !item.active });
    if (result.error) return void message.error(errorMessage(result.error));
    void message.success(t(item.active ? 'catalog.deactivated' : 'catalog.activated', { item: label }));
  };
  return (
    <Popconfirm
      title={t(item.active ? 'catalog.deactivateConfirm' : 'catalog.activateConfirm')}
      okText={t(item.active ? 'catalog.deactivate' : 'catalog.activate')}
      cancelText={t('catalog.cancel')}
      onConfirm={() => void onConfirm()}
    >
      <Switch checked={item.active} loading={state.fetching} aria-label={`${t('catalog.active')}: ${label}`} />
    </Popconfirm>
  );
}
