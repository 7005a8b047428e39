// The role of a sign-in and only the scope fields that role needs: township for township staff
// and grid workers, plus villages for grid workers; the organisation for dispatchers; the carer
// (found through their organisation) for carers; the recipient (found by a search) for recipients.
import { useMemo } from 'react';
import { Alert, Form, Select } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { REGIONS, SCOPE_CARERS, type Role } from '../operations';
import { OrganisationSelect, RecipientSelect } from './pickers';
import { roleChoices, scopeFieldsOf, type AccessValues } from './access';

export function ScopeFields({ initialRecipient }: { initialRecipient?: { id: string; name: string } | null }) {
  const { t } = useTranslation('admin');
  const form = Form.useFormInstance<AccessValues>();
  const role = Form.useWatch('role', form) as Role | undefined;
  const fields = role ? scopeFieldsOf[role] : [];
  const required = { required: true, message: t('users.required') };

  return (
    <>
      <Form.Item name="role" label={t('users.form.role')} extra={t('users.form.roleHelp')} rules={[required]}>
        <Select
          options={roleChoices.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))}
          onChange={() => form.setFields([{ name: 'villageIds', errors: [] }])}
        />
      </Form.Item>
      {role && fields.length === 0 && <Alert type="info" showIcon title={t('users.form.noScope')} style={{ marginBottom: 16 }} />}
      {fields.includes('township') && <TownshipFields withVillages={fields.includes('villages')} />}
      {fields.includes('organisation') && (
        <Form.Item name="organisationId" label={t('users.form.organisation')} rules={[required]}>
          <OrganisationSelect />
        </Form.Item>
      )}
      {fields.includes('carer') && <CarerFields />}
      {fields.includes('recipient') && (
        <Form.Item name="recipientId" label={t('users.form.recipient')} extra={t('users.form.recipientHelp')} rules={[required]}>
          <RecipientSelect initial={initialRecipient ?? null} />
        </Form.Item>
      )}
    </>
  );
}

function TownshipFields({ withVillages }: { withVillages: boolean }) {
  const { t } = useTranslation('admin');
  const form = Form.useFormInstance<AccessValues>();
  const townshipId = Form.useWatch('townshipId', form);
  const [regions] = useQuery({ query: REGIONS, variables: {} });
  const townships = useMemo(() => regions.data?.regions.flatMap((c) => c.children) ?? [], [regions.data]);
  const villages = townships.find((tw) => tw.id === townshipId)?.children ?? [];
  const required = { required: true, message: t('users.required') };
  return (
    <>
      <Form.Item name="townshipId" label={t('users.form.township')} rules={[required]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={regions.fetching}
          options={townships.map((tw) => ({ value: tw.id, label: tw.name }))}
          // the villages of another township would be refused
          onChange={() => form.setFieldValue('villageIds', [])}
        />
      </Form.Item>
      {withVillages && (
        <Form.Item name="villageIds" label={t('users.form.villages')} extra={t('users.form.villagesHelp')} rules={[required]}>
          <Select
            mode="multiple"
            disabled={!townshipId}
            showSearch={{ optionFilterProp: 'label' }}
            options={villages.map((v) => ({ value: v.id, label: v.name }))}
          />
        </Form.Item>
      )}
    </>
  );
}

function CarerFields() {
  const { t } = useTranslation('admin');
  const form = Form.useFormInstance<AccessValues>();
  const organisationId = Form.useWatch('carerOrganisationId', form);
  // the API's largest page; an organisation has far fewer active carers
  const [carers] = useQuery({ query: SCOPE_CARERS, variables: { organisationId: organisationId ?? '', first: 100 }, pause: !organisationId });
  const required = { required: true, message: t('users.required') };
  return (
    <>
      <Form.Item name="carerOrganisationId" label={t('users.form.carerOrganisation')} rules={[required]}>
        <OrganisationSelect onChange={() => form.setFieldValue('carerId', undefined)} />
      </Form.Item>
      <Form.Item name="carerId" label={t('users.form.carer')} extra={t('users.form.carerHelp')} rules={[required]}>
        <Select
          disabled={!organisationId}
          showSearch={{ optionFilterProp: 'label' }}
          loading={carers.fetching}
          options={carers.data?.carers.edges.map((e) => ({ value: e.node.id, label: `${e.node.name}（${e.node.homeVillage.name}）` })) ?? []}
        />
      </Form.Item>
    </>
  );
}
