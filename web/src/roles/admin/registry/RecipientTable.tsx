// The recipient registry as a table: filters by township, village, status and a search
// (name, phone, card number, last digits of the ID number), a page at a time. The server
// keeps each viewer to their scope (township staff see their township only).
import { useMemo, useState, type ReactNode } from 'react';
import { Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../app/page-parts';
import { CursorPager, useCursorPages } from '../../../app/cursor-pages';
import { formatDate } from '../../../app/format';
import { RECIPIENTS, REGIONS, type RecipientFilter, type RecipientRow, type RecipientStatus } from '../operations';
import { recipientStatuses, statusColour } from './labels';

const PAGE_SIZE = 20;

export function RecipientTable({
  detailPath,
  townshipId,
  extra,
}: {
  /** Where a recipient's page is: detailPath(id). */
  detailPath: (id: string) => string;
  /** Fixed township (township staff): no township filter, villages of this one. */
  townshipId?: string;
  extra?: ReactNode;
}) {
  const { t } = useTranslation('admin');
  const [filter, setFilter] = useState<RecipientFilter>(townshipId ? { townshipId } : {});
  const pages = useCursorPages();
  const [regions] = useQuery({ query: REGIONS, variables: {} });
  const [result, refetch] = useQuery({ query: RECIPIENTS, variables: { first: PAGE_SIZE, after: pages.after, filter } });

  const townships = useMemo(() => regions.data?.regions.flatMap((c) => c.children) ?? [], [regions.data]);
  const villages = townships.find((tw) => tw.id === filter.townshipId)?.children ?? [];
  const change = (next: RecipientFilter) => {
    setFilter(next);
    pages.restart();
  };
  const data = result.data?.recipients;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Flex wrap gap={12} align="center">
        <Input.Search
          aria-label={t('registry.search')}
          placeholder={t('registry.searchPlaceholder')}
          allowClear
          enterButton={t('registry.search')}
          style={{ width: 360, maxWidth: '100%' }}
          onSearch={(value) => change({ ...filter, search: value.trim() || undefined })}
        />
        {!townshipId && (
          <Select
            aria-label={t('registry.township')}
            style={{ width: 160 }}
            value={filter.townshipId ?? ''}
            loading={regions.fetching}
            options={[{ value: '', label: t('registry.allTownships') }, ...townships.map((tw) => ({ value: tw.id, label: tw.name }))]}
            onChange={(value: string) => change({ ...filter, townshipId: value || undefined, villageId: undefined })}
          />
        )}
        <Select
          aria-label={t('registry.village')}
          style={{ width: 160 }}
          value={filter.villageId ?? ''}
          disabled={!filter.townshipId}
          options={[{ value: '', label: t('registry.allVillages') }, ...villages.map((v) => ({ value: v.id, label: v.name }))]}
          onChange={(value: string) => change({ ...filter, villageId: value || undefined })}
        />
        <Select
          aria-label={t('registry.status')}
          style={{ width: 140 }}
          value={filter.status ?? ''}
          options={[{ value: '', label: t('registry.allStatuses') }, ...recipientStatuses.map((s) => ({ value: s, label: t(`registry.statuses.${s}`) }))]}
          onChange={(value: string) => change({ ...filter, status: (value || undefined) as RecipientStatus | undefined })}
        />
        {extra}
      </Flex>
      {result.error && <QueryError error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      <Table<RecipientRow>
        rowKey="id"
        size="middle"
        loading={result.fetching}
        dataSource={data?.edges.map((e) => e.node) ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('registry.empty') }}
        columns={[
          { title: t('registry.name'), dataIndex: 'name', render: (name: string, r) => <Link to={detailPath(r.id)}>{name}</Link> },
          { title: t('registry.gender'), dataIndex: 'gender', render: (g: RecipientRow['gender']) => t(`registry.genders.${g}`) },
          { title: t('registry.birthDate'), dataIndex: 'birthDate' },
          { title: t('registry.idNumber'), dataIndex: 'idNumberMasked', render: (v: string) => <span className="mono">{v}</span> },
          { title: t('registry.township'), render: (_: unknown, r) => `${r.township.name} ${r.village.name}` },
          {
            title: t('registry.eligibility'),
            dataIndex: 'eligibilityCategory',
            render: (v: RecipientRow['eligibilityCategory']) => t(`registry.eligibilities.${v}`),
          },
          {
            title: t('registry.card'),
            dataIndex: 'serviceCardNumber',
            render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('registry.noCard')}</Typography.Text>,
          },
          {
            title: t('registry.status'),
            dataIndex: 'status',
            render: (s: RecipientStatus, r) => (
              <>
                <Tag color={statusColour[s]}>{t(`registry.statuses.${s}`)}</Tag>
                <Typography.Text type="secondary">{formatDate(r.statusChangedAt)}</Typography.Text>
              </>
            ),
          },
        ]}
      />
      <CursorPager pages={pages} connection={data} total={data ? t('registry.total', { count: data.totalCount }) : ''} />
    </Space>
  );
}
