// Sign-in locks, newest first: who was locked (a username, or a network address), how often it
// failed, until when, and who lifted it. A running username lock can be lifted here; an address
// lock cannot (it may be an attacker's), as the server says.
import { Alert, App, Button, Empty, Table, Tag, Typography } from 'antd';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../app/errors';
import { formatDateTime } from '../../../app/format';
import { TAG_COLOURS } from '../../../app/page-parts';
import { UNLOCK_USER, type SignInLock } from '../operations';

/** Whether a lock still holds at `now` (it was not lifted and has not run out). */
export const isRunning = (lock: SignInLock, now = Date.now()) => !lock.unlockedAt && Date.parse(lock.lockedUntil) > now;

/** Lifts a user's username lock and says how it went; resolves true when the list should be read again. */
export function useUnlock(): (user: { id: string; displayName: string; username: string }) => Promise<void> {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [, unlock] = useMutation(UNLOCK_USER);
  return async (user) => {
    const name = user.displayName || user.username;
    const result = await unlock({ userId: user.id }, { additionalTypenames: ['SignInLock'] });
    if (result.error) void message.error(errorMessage(result.error));
    else void message.success(t(result.data?.unlockUser ? 'users.locks.unlocked' : 'users.locks.notLocked', { name }));
  };
}

export function SignInLocks({ locks, loading }: { locks: SignInLock[]; loading: boolean }) {
  const { t } = useTranslation('admin');
  const unlock = useUnlock();
  return (
    <>
      <Alert type="info" showIcon title={t('users.locks.help')} style={{ marginBottom: 16 }} />
      <Table<SignInLock>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={locks}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.locks.empty')} /> }}
        columns={[
          { title: t('users.locks.kind'), key: 'kind', render: (_, l) => t(`users.locks.kinds.${l.kind}`) },
          {
            title: t('users.locks.account'),
            key: 'account',
            render: (_, l) =>
              l.kind === 'ADDRESS' ? (
                '—'
              ) : l.user ? (
                <>
                  {l.user.displayName}{' '}
                  <span className="mono" translate="no">
                    {l.user.username}
                  </span>
                </>
              ) : (
                <Typography.Text type="secondary">{t('users.locks.unknownUser')}</Typography.Text>
              ),
          },
          { title: t('users.locks.address'), dataIndex: 'address', render: (a: string) => <span className="mono">{a}</span> },
          { title: t('users.locks.failures'), dataIndex: 'failures', align: 'right' },
          { title: t('users.locks.lockedAt'), dataIndex: 'lockedAt', render: (v: string) => formatDateTime(v) },
          { title: t('users.locks.lockedUntil'), dataIndex: 'lockedUntil', render: (v: string) => formatDateTime(v) },
          {
            title: t('users.locks.state'),
            key: 'state',
            render: (_, l) =>
              l.unlockedAt ? (
                t('users.locks.liftedAt', { name: l.unlockedBy?.displayName ?? '', at: formatDateTime(l.unlockedAt) })
              ) : isRunning(l) ? (
                <Tag color={TAG_COLOURS.red}>{t('users.locks.running')}</Tag>
              ) : (
                t('users.locks.expired')
              ),
          },
          {
            title: t('users.actions'),
            key: 'actions',
            render: (_, l) =>
              l.user &&
              isRunning(l) && (
                <Button size="small" onClick={() => l.user && void unlock(l.user)}>
                  {t('users.unlock')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}
