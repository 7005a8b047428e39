// Accounts (账号): every sign-in with its role and scope, found by role, on or off, and a
// search; a new one, its role and scope changed, a new password, turned off or on; and the
// sign-in locks, with the lift of a locked username.
import { useMemo, useState } from 'react';
import { Button, Empty, Flex, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { CursorPager, useCursorPages } from '../../app/cursor-pages';
import { formatDateTime } from '../../app/format';
import { QueryError, TAG_COLOURS } from '../../app/page-parts';
import { SIGN_IN_LOCKS, USERS, type Role, type UserFilter, type UserRow } from './operations';
import { roleChoices, scopeText } from './users/access';
import { AccessDialog, ActiveDialog, CreateUserDialog, PasswordDialog } from './users/UserDialogs';
import { isRunning, SignInLocks, useUnlock } from './users/SignInLocks';

const PAGE_SIZE = 20;
// the newest locks, enough to mark who is locked now (a lock lasts minutes to hours)
const LOCKS_SHOWN = 100;

type Dialog = { kind: 'create' } | { kind: 'access' | 'password' | 'active'; user: UserRow };

export default function UsersPage() {
  const { t } = useTranslation('admin');
  const [filter, setFilter] = useState<UserFilter>({});
  const pages = useCursorPages();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [result, refetch] = useQuery({ query: USERS, variables: { first: PAGE_SIZE, after: pages.after, filter } });
  const [locksResult] = useQuery({ query: SIGN_IN_LOCKS, variables: { first: LOCKS_SHOWN } });
  const unlock = useUnlock();
  const change = (next: UserFilter) => {
    setFilter(next);
    pages.restart();
  };
  const data = result.data?.users;
  const locks = useMemo(() => locksResult.data?.signInLocks.edges.map((e) => e.node) ?? [], [locksResult.data]);
  const lockedUsers = useMemo(() => new Set(locks.filter((l) => isRunning(l) && l.user).map((l) => l.user!.id)), [locks]);
  const close = () => setDialog(null);

  const users = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex wrap gap={12} align="center">
        <Input.Search
          aria-label={t('users.search')}
          placeholder={t('users.searchPlaceholder')}
          allowClear
          enterButton={t('users.search')}
          style={{ width: 320, maxWidth: '100%' }}
          onSearch={(value) => change({ ...filter, search: value.trim() || undefined })}
        />
        <Select
          aria-label={t('users.role')}
          style={{ width: 180 }}
          // ten choices: all of them in the list, not the few a virtual list draws around the chosen one
          virtual={false}
          listHeight={400}
          value={filter.role ?? ''}
          options={[{ value: '', label: t('users.allRoles') }, ...roleChoices.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))]}
          onChange={(value: string) => change({ ...filter, role: (value || undefined) as Role | undefined })}
        />
        <Select
          aria-label={t('users.status')}
          style={{ width: 140 }}
          value={filter.active === undefined || filter.active === null ? '' : String(filter.active)}
          options={[
            { value: '', label: t('users.allStatuses') },
            { value: 'true', label: t('users.active') },
            { value: 'false', label: t('users.inactive') },
          ]}
          onChange={(value: string) => change({ ...filter, active: value === '' ? undefined : value === 'true' })}
        />
      </Flex>
      {result.error && <QueryError error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      <Table<UserRow>
        rowKey="id"
        size="middle"
        loading={result.fetching}
        dataSource={data?.edges.map((e) => e.node) ?? []}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.empty')} /> }}
        columns={[
          {
            title: t('users.username'),
            dataIndex: 'username',
            render: (v: string) => (
              <span className="mono" translate="no">
                {v}
              </span>
            ),
          },
          { title: t('users.displayName'), dataIndex: 'displayName', render: (v: string, u) => v || u.carer?.name || u.recipient?.name || '—' },
          { title: t('users.role'), dataIndex: 'role', render: (r: Role) => t(`common:roles.${r}`) },
          {
            title: t('users.scope'),
            key: 'scope',
            render: (_, u) => scopeText(u) ?? <Typography.Text type="secondary">{t('users.wholeCounty')}</Typography.Text>,
          },
          {
            title: t('users.status'),
            key: 'status',
            render: (_, u) => (
              <Space size={4} wrap>
                <Tag color={u.active ? TAG_COLOURS.green : TAG_COLOURS.grey}>{t(u.active ? 'users.active' : 'users.inactive')}</Tag>
                {lockedUsers.has(u.id) && <Tag color={TAG_COLOURS.red}>{t('users.locked')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('users.lastSignedIn'),
            dataIndex: 'lastSignedInAt',
            render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>),
          },
          {
            title: t('users.actions'),
            key: 'actions',
            render: (_, u) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setDialog({ kind: 'access', user: u })}>
                  {t('users.changeAccess')}
                </Button>
                <Button size="small" onClick={() => setDialog({ kind: 'password', user: u })}>
                  {t('users.resetPassword')}
                </Button>
                <Button size="small" danger={u.active} onClick={() => setDialog({ kind: 'active', user: u })}>
                  {t(u.active ? 'users.deactivate' : 'users.activate')}
                </Button>
                {lockedUsers.has(u.id) && (
                  <Button size="small" onClick={() => void unlock(u)}>
                    {t('users.unlock')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CursorPager pages={pages} connection={data} total={data ? t('users.total', { count: data.totalCount }) : ''} />
    </Space>
  );

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDialog({ kind: 'create' })}>
          {t('users.create')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('users.help')}
      </Typography.Paragraph>
      <Tabs
        items={[
          { key: 'users', label: t('users.tabs.users'), children: users },
          {
            key: 'locks',
            label: lockedUsers.size ? `${t('users.tabs.locks')} (${lockedUsers.size})` : t('users.tabs.locks'),
            children: <SignInLocks locks={locks} loading={locksResult.fetching} />,
          },
        ]}
      />
      {dialog?.kind === 'create' && <CreateUserDialog onClose={close} onCreated={() => refetch({ requestPolicy: 'network-only' })} />}
      {dialog?.kind === 'access' && <AccessDialog user={dialog.user} onClose={close} />}
      {dialog?.kind === 'password' && <PasswordDialog user={dialog.user} onClose={close} />}
      {dialog?.kind === 'active' && <ActiveDialog user={dialog.user} onClose={close} />}
    </Flex>
  );
}
