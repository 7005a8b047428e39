// Contracted social organisations: their contracts (period, fund, townships and categories
// covered), the share of each service's price they pay carers, new organisations and
// contracts, termination.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Flex, Popover, Spin, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { TAG_COLOURS, useLocalName } from '../../app/page-parts';
import { errorMessage } from '../../app/errors';
import { formatYuan } from '../../app/format';
import { ORGANISATIONS, type ContractRow, type OrganisationRow } from './operations';
import { ContractDialog } from './ContractDialog';
import { CarerPayShareDialog, formatShare, OrganisationDialog, TerminateDialog } from './OrganisationDialogs';

type Dialog =
  | { kind: 'organisation' }
  | { kind: 'contract'; organisation: OrganisationRow }
  | { kind: 'share'; organisation: OrganisationRow }
  | { kind: 'terminate'; contract: ContractRow };

export default function OrganisationsPage() {
  const { t } = useTranslation('admin');
  const [result, refetch] = useQuery({ query: ORGANISATIONS, variables: { first: 100 } });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const organisations = result.data?.organisations.edges.map((e) => e.node) ?? [];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('organisations.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDialog({ kind: 'organisation' })}>
          {t('organisations.create')}
        </Button>
      </Flex>
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
      {organisations.map((o) => (
        <OrganisationCard key={o.id} organisation={o} onDialog={setDialog} />
      ))}
      {dialog?.kind === 'organisation' && <OrganisationDialog onClose={close} />}
      {dialog?.kind === 'contract' && <ContractDialog organisation={dialog.organisation} onClose={close} />}
      {dialog?.kind === 'share' && <CarerPayShareDialog organisation={dialog.organisation} onClose={close} />}
      {dialog?.kind === 'terminate' && <TerminateDialog contract={dialog.contract} onClose={close} />}
    </Flex>
  );
}

function OrganisationCard({ organisation: o, onDialog }: { organisation: OrganisationRow; onDialog: (d: Dialog) => void }) {
  const { t } = useTranslation('admin');
  const name = useLocalName();
  return (
    <Card
      title={<h3 className="card-heading">{o.name}</h3>}
      extra={
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => onDialog({ kind: 'contract', organisation: o })}>
          {t('organisations.addContract')}
        </Button>
      }
      data-testid={`organisation-${o.id}`}
    >
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('organisations.creditCode')}>{o.creditCode}</Descriptions.Item>
        <Descriptions.Item label={t('organisations.contact')}>
          {o.contactName} {o.phone ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.address')}>{o.address}</Descriptions.Item>
        <Descriptions.Item label={t('organisations.carerShare')}>
          <Flex gap={8} align="center">
            <span data-testid="carer-share">{t('organisations.carerShareValue', { share: formatShare(o.carerPayShare) })}</span>
            <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => onDialog({ kind: 'share', organisation: o })}>
              {t('organisations.setShare')}
            </Button>
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.carersLabel')}>
          <Flex gap={8} align="center">
            <span>{o.carerCount}</span>
            <Link to={{ pathname: '../carers', search: `?organisation=${o.id}` }}>{t('organisations.manageCarers')}</Link>
          </Flex>
        </Descriptions.Item>
      </Descriptions>
      {o.contracts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('organisations.noContracts')} />
      ) : (
        <Table<ContractRow>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 900 }}
          dataSource={o.contracts}
          columns={[
            { title: t('organisations.contractNumber'), dataIndex: 'contractNumber' },
            { title: t('organisations.period'), render: (_: unknown, c) => `${c.startsOn} – ${c.endsOn}` },
            { title: t('organisations.fund'), dataIndex: 'fund', align: 'right', render: (f: number) => formatYuan(f) },
            { title: t('organisations.townships'), render: (_: unknown, c) => <Names names={c.townships.map((x) => x.name)} /> },
            { title: t('organisations.categories'), render: (_: unknown, c) => <Names names={c.categories.map(name)} /> },
            {
              title: t('organisations.status'),
              render: (_: unknown, c) =>
                c.status === 'TERMINATED' ? (
                  <Tag title={c.terminationReason ?? undefined}>{t('organisations.terminated')}</Tag>
                ) : (
                  <Tag color={c.inForce ? TAG_COLOURS.green : undefined}>{t(c.inForce ? 'organisations.inForce' : 'organisations.notInForce')}</Tag>
                ),
            },
            {
              title: '',
              render: (_: unknown, c) =>
                c.status === 'ACTIVE' && (
                  <Button size="small" danger onClick={() => onDialog({ kind: 'terminate', contract: c })}>
                    {t('organisations.terminate')}
                  </Button>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** A few names inline; a long list folds into "… +n" with the rest on hover or focus. */
function Names({ names }: { names: string[] }) {
  if (names.length <= 4) return <>{names.join('、')}</>;
  return (
    <Popover content={<div style={{ maxWidth: 320 }}>{names.join('、')}</div>}>
      <Button type="link" size="small" style={{ padding: 0 }}>
        {names.slice(0, 3).join('、')} … +{names.length - 3}
      </Button>
    </Popover>
  );
}
