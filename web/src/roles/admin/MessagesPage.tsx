// The admins' list of messages to people (消息记录): newest first, a page at a time, by status;
// each with whom it went to, what it says, by which channel and what became of it. Without a
// provider configured this is where the messages are (the log sender only notes their keys).
import { useState } from 'react';
import { Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { CursorPager, useCursorPages } from '../../app/cursor-pages';
import { formatDateTime } from '../../app/format';
import { QueryError, TAG_COLOURS } from '../../app/page-parts';
import type { MessageStatus } from '../../gql/admin/graphql';
import { MESSAGES, type MessageRow } from './operations';

const PAGE_SIZE = 20;
const STATUSES: MessageStatus[] = ['QUEUED', 'HELD', 'SENT', 'DELIVERED', 'FAILED', 'SUPPRESSED'];
const statusColour: Record<MessageStatus, string> = {
  QUEUED: TAG_COLOURS.blue,
  HELD: TAG_COLOURS.gold,
  SENT: TAG_COLOURS.cyan,
  DELIVERED: TAG_COLOURS.green,
  FAILED: TAG_COLOURS.red,
  SUPPRESSED: TAG_COLOURS.grey,
};

export default function MessagesPage() {
  const { t } = useTranslation('admin');
  const [status, setStatus] = useState<MessageStatus | undefined>(undefined);
  const pages = useCursorPages();
  const [result, refetch] = useQuery({ query: MESSAGES, variables: { first: PAGE_SIZE, after: pages.after, filter: status ? { status } : {} } });
  const data = result.data?.messages;

  const to = (m: MessageRow) =>
    m.recipient ? (
      m.recipient.name
    ) : m.user ? (
      <Flex vertical>
        <span>{m.user.displayName}</span>
        <Typography.Text type="secondary">{t(`common:roles.${m.user.role}`)}</Typography.Text>
      </Flex>
    ) : (
      '—'
    );
  const outcome = (m: MessageRow) => (
    <Flex vertical gap={2} align="start">
      <Tag color={statusColour[m.status]}>{t(`messageLog.statuses.${m.status}`)}</Tag>
      {m.status === 'HELD' && m.notBefore && (
        <Typography.Text type="secondary">{t('messageLog.heldUntil', { time: formatDateTime(m.notBefore) })}</Typography.Text>
      )}
      {m.suppressedReason && <Typography.Text type="secondary">{t(`messageLog.reasons.${m.suppressedReason}`)}</Typography.Text>}
    </Flex>
  );

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('messageLog.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('messageLog.help')}
      </Typography.Paragraph>
      <Flex gap={8} align="center">
        <label htmlFor="message-status">{t('messageLog.status')}</label>
        <Select<MessageStatus | ''>
          id="message-status"
          style={{ width: 180 }}
          value={status ?? ''}
          onChange={(value) => {
            setStatus(value || undefined);
            pages.restart();
          }}
          options={[{ value: '', label: t('messageLog.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`messageLog.statuses.${s}`) }))]}
        />
      </Flex>
      {result.error && <QueryError error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      <Table<MessageRow>
        rowKey="id"
        rowClassName="message-row"
        size="middle"
        loading={result.fetching}
        dataSource={data?.edges.map((e) => e.node) ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messageLog.empty')} /> }}
        columns={[
          { title: t('messageLog.at'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
          { title: t('messageLog.to'), key: 'to', width: 140, render: (_, m) => to(m) },
          {
            title: t('messageLog.text'),
            key: 'text',
            render: (_, m) => (
              <>
                {m.urgent && <Tag color={TAG_COLOURS.red}>{t('messageLog.urgent')}</Tag>}
                {m.text}
              </>
            ),
          },
          { title: t('messageLog.channel'), dataIndex: 'channel', width: 130, render: (v: MessageRow['channel']) => t(`messageLog.channels.${v}`) },
          { title: t('messageLog.status'), key: 'status', width: 150, render: (_, m) => outcome(m) },
          { title: t('messageLog.attempts'), dataIndex: 'attempts', width: 90 },
        ]}
      />
      <CursorPager pages={pages} connection={data} total={data ? t('messageLog.total', { count: data.totalCount }) : ''} />
    </Flex>
  );
}
