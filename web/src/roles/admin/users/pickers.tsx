// Selects that find a record by what a person types or knows: an organisation from the list, a
// recipient or a sign-in by a search (a part of a name, a phone, the last digits of an ID
// number; a part of a username or a name). Form controls: antd's Form.Item gives them their
// id, value and onChange. No placeholders: a select's placeholder is too pale to read (the
// field's help says what to type).
import { Select } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { useTypedSearch } from '../../../app/typed-search';
import { AUDIT_USERS, SCOPE_ORGANISATIONS, SCOPE_RECIPIENTS } from '../operations';

interface ControlProps {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
}

/** A record already chosen (an account's own recipient), shown before any search. */
interface Chosen {
  id: string;
  name: string;
}

export function OrganisationSelect(props: ControlProps & { allowClear?: boolean }) {
  const [organisations] = useQuery({ query: SCOPE_ORGANISATIONS, variables: {} });
  return (
    <Select
      {...props}
      showSearch={{ optionFilterProp: 'label' }}
      loading={organisations.fetching}
      options={organisations.data?.organisations.edges.map((e) => ({ value: e.node.id, label: e.node.name })) ?? []}
    />
  );
}

export function RecipientSelect({ initial, ...props }: ControlProps & { initial?: Chosen | null; allowClear?: boolean }) {
  const [search, onSearch] = useTypedSearch();
  const [found] = useQuery({ query: SCOPE_RECIPIENTS, variables: { search }, pause: search.length === 0 });
  const options = (found.data?.recipients.edges.map((e) => e.node) ?? []).map((r) => ({
    value: r.id,
    label: `${r.name} · ${r.township.name}${r.village.name} · ${r.idNumberMasked}`,
  }));
  if (initial && !options.some((o) => o.value === initial.id)) options.unshift({ value: initial.id, label: initial.name });
  return <Select {...props} showSearch={{ filterOption: false, onSearch }} loading={found.fetching} notFoundContent={null} options={options} />;
}

/** A sign-in, named as the accounts page names it (its name, or its carer's or recipient's) with its role and username. */
export function UserSelect(props: ControlProps & { allowClear?: boolean }) {
  const { t } = useTranslation('admin');
  const [search, onSearch] = useTypedSearch();
  const [found] = useQuery({ query: AUDIT_USERS, variables: { search }, pause: search.length === 0 });
  const options = (found.data?.users.edges.map((e) => e.node) ?? []).map((u) => ({
    value: u.id,
    label: `${u.displayName || u.carer?.name || u.recipient?.name || u.username} · ${t(`common:roles.${u.role}`)} · ${u.username}`,
  }));
  return <Select {...props} showSearch={{ filterOption: false, onSearch }} loading={found.fetching} notFoundContent={null} options={options} />;
}
