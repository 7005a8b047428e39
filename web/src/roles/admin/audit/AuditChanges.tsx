// One entry's change, opened under its row: each column that changed, what it was and what it
// became, as the server keeps them (personal data reads ***, which is said once below).
import { Button, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../operations';
import { useAuditWords } from './words';

type Change = AuditEntry['changes'][number];

export function AuditChanges({ entry, onOnlyRecord }: { entry: AuditEntry; onOnlyRecord: () => void }) {
  const { t } = useTranslation('admin');
  const words = useAuditWords();
  const masked = entry.changes.some((c) => c.before === '***' || c.after === '***');
  return (
    <Flex vertical gap={8} className="audit-changes" data-testid="audit-changes">
      {entry.changes.length === 0 ? (
        <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>
      ) : (
        <Table<Change>
          rowKey="column"
          size="small"
          pagination={false}
          dataSource={entry.changes}
          columns={[
            { title: t('audit.change.column'), dataIndex: 'column', width: '30%', render: (c: string) => words.column(entry.table, c) },
            { title: t('audit.change.before'), dataIndex: 'before', width: '35%', render: (v: string | null, c) => words.value(c.column, v) },
            { title: t('audit.change.after'), dataIndex: 'after', width: '35%', render: (v: string | null, c) => words.value(c.column, v) },
          ]}
        />
      )}
      {masked && <Typography.Text type="secondary">{t('audit.change.masked')}</Typography.Text>}
      {entry.actorKind === 'DATABASE' && (
        <Typography.Text>
          {t('audit.change.databaseUser')} <code>{entry.databaseUser}</code>
        </Typography.Text>
      )}
      {entry.action !== 'TRUNCATE' && (
        <div>
          <Button size="small" onClick={onOnlyRecord}>
            {t('audit.change.onlyRecord')}
          </Button>
        </div>
      )}
    </Flex>
  );
}
