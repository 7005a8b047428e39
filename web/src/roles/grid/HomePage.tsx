// The grid worker's home: how many services wait for them to confirm (live), and the
// recipients of their villages, searchable (name, phone, card number, last digits of the ID
// number) and by village; each opens their page. Someone found in need is registered from
// here (主动发现). The search box, its clear button and its search button are thumb-sized.
import { useState } from 'react';
import { Alert, Button, Input, Select, Spin } from 'antd';
import { CloseCircleFilled, UserAddOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { useViewer } from '../../app/session';
import { scopeLabel, viewerName } from '../../app/scope';
import { RECIPIENTS, type RecipientRow } from './operations';
import { ageOf } from './parts';
import { PendingConfirmationsNotice } from './PendingConfirmations';

const PAGE = 30;

export default function HomePage() {
  const { t } = useTranslation('grid');
  const viewer = useViewer();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [villageId, setVillageId] = useState<string | undefined>();
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const filter = { search: search || undefined, villageId };

  return (
    <div className="grid-page">
      <div>
        <h2 className="grid-h2">{t('recipients.title')}</h2>
        <p className="grid-muted" style={{ margin: 0 }} data-testid="signed-in-as">
          {t('common:signedInAs', { name: viewerName(viewer) })} · {scopeLabel(viewer)}
        </p>
      </div>
      <PendingConfirmationsNotice />
      <Input.Search
        className="grid-search"
        allowClear={{ clearIcon: <CloseCircleFilled aria-label={t('recipients.clear')} /> }}
        size="large"
        // a worded button: antd's icon-only one is named "search" in English for a screen reader
        enterButton={t('recipients.searchButton')}
        placeholder={t('recipients.search')}
        aria-label={t('recipients.search')}
        onSearch={(value) => {
          setSearch(value.trim());
          setPages([null]);
        }}
        data-testid="recipient-search"
      />
      {viewer.villages.length > 1 && (
        <Select
          size="large"
          value={villageId ?? ''}
          aria-label={t('recipients.allVillages')}
          onChange={(value: string) => {
            setVillageId(value || undefined);
            setPages([null]);
          }}
          options={[{ value: '', label: t('recipients.allVillages') }, ...viewer.villages.map((v) => ({ value: v.id, label: v.name }))]}
        />
      )}
      <Button size="large" block icon={<UserAddOutlined aria-hidden />} onClick={() => void navigate('/grid/register')} data-testid="grid-register">
        {t('recipients.register')}
      </Button>
      {pages.map((after, i) => (
        <RecipientPage
          key={after ?? 'first'}
          filter={filter}
          after={after}
          last={i === pages.length - 1}
          onMore={(cursor) => setPages((p) => [...p, cursor])}
          showCount={i === 0}
        />
      ))}
    </div>
  );
}

function RecipientPage({
  filter,
  after,
  last,
  onMore,
  showCount,
}: {
  filter: { search?: string; villageId?: string };
  after: string | null;
  last: boolean;
  showCount: boolean;
  onMore: (cursor: string) => void;
}) {
  const { t } = useTranslation('grid');
  const [result] = useQuery({ query: RECIPIENTS, variables: { first: PAGE, after, filter } });
  const connection = result.data?.recipients;
  if (result.fetching && !result.data) return <Spin description={t('loading')} />;
  if (result.error) return <Alert type="error" showIcon title={errorMessage(result.error)} />;
  if (!connection) return null;
  return (
    <>
      {showCount && (
        <p className="grid-muted" style={{ margin: 0 }} aria-live="polite">
          {connection.totalCount ? t('recipients.count', { count: connection.totalCount }) : t('recipients.empty')}
        </p>
      )}
      <ul className="grid-list">
        {connection.edges.map(({ node }) => (
          <li key={node.id}>
            <RecipientCard recipient={node} />
          </li>
        ))}
      </ul>
      {last && connection.pageInfo.hasNextPage && connection.pageInfo.endCursor && (
        <Button size="large" block onClick={() => onMore(connection.pageInfo.endCursor!)}>
          {t('recipients.more')}
        </Button>
      )}
    </>
  );
}

function RecipientCard({ recipient }: { recipient: RecipientRow }) {
  const { t } = useTranslation('grid');
  return (
    <Link to={`/grid/recipients/${recipient.id}`} className="grid-card" data-testid="recipient-card">
      <div className="grid-row">
        <strong>{recipient.name}</strong>
        <span className={`grid-pill${recipient.status === 'ACTIVE' ? '' : ' grid-pill-warn'}`}>{t(`recipientStatus.${recipient.status}`)}</span>
      </div>
      <span className="grid-muted">
        {t(`gender.${recipient.gender}`)} · {t('age', { age: ageOf(recipient.birthDate) })} · {recipient.village.name}
      </span>
      <span className="grid-muted">{recipient.address}</span>
    </Link>
  );
}
