// Registers a candidate recipient (found by screening); they are verified and start services
// through the lifecycle afterwards. One form for everyone who registers: a county admin picks
// the township and village, township staff a village of their township, a grid worker one of
// their villages (the server keeps each to that scope). The ID number's check digit, the
// phone and the household are the server's to judge: its reason is said at the field.
import { useState } from 'react';
import { Alert, App, Button, Col, Flex, Form, Input, Modal, Row, Select, Typography } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../app/errors';
import { showRefusalAtField } from '../../../app/form-refusal';
import { REGIONS, REGISTER_RECIPIENT, type DisabilityLevel, type EligibilityCategory, type RegisterRecipientInput } from '../operations';

const eligibilities: EligibilityCategory[] = [
  'DIBAO',
  'DIBAO_EDGE',
  'RIGID_EXPENDITURE',
  'RELAPSE_MONITORING',
  'DESTITUTE',
  'SCATTERED_ORPHAN',
  'UNSUPPORTED_CHILD',
];
const disabilities: DisabilityLevel[] = ['NONE', 'SEMI_DISABLED', 'DISABLED'];

type Values = RegisterRecipientInput & { townshipId?: string };

/** The form's fields are named as the server's input fields, so a refusal lands on its own. */
interface Region {
  id: string;
  name: string;
}

/** Where the person registering may register: the whole county, one township, or some villages. */
export interface RegistrationScope {
  /** Township staff: villages of this township only. */
  townshipId?: string;
  /** A grid worker: these villages only. */
  villages?: readonly Region[];
}

/** The form itself, with its own buttons: in the console's dialog, or as a page of the grid worker's phone. */
export function RegisterRecipientForm({
  scope = {},
  large = false,
  onRegistered,
  onCancel,
}: {
  scope?: RegistrationScope;
  /** Big controls, one column, full-width buttons (the grid worker's phone). */
  large?: boolean;
  onRegistered: (recipient: { id: string; name: string }) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('admin');
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const chosenTownship = Form.useWatch('townshipId', form);
  const [regions] = useQuery({ query: REGIONS, variables: {}, pause: Boolean(scope.villages) });
  const [state, register] = useMutation(REGISTER_RECIPIENT);
  const townships = regions.data?.regions.flatMap((c) => c.children) ?? [];
  const townshipId = scope.townshipId ?? chosenTownship;
  const villages: readonly Region[] = scope.villages ?? townships.find((tw) => tw.id === townshipId)?.children ?? [];
  const required = { required: true, whitespace: true, message: t('registry.register.required') };
  const optional = (v?: string | null) => (v?.trim() ? v.trim() : null);
  const half = large ? 24 : 12;

  const onFinish = async ({ townshipId: _township, ...v }: Values) => {
    setError(null);
    const result = await register({
      input: {
        ...v,
        name: v.name.trim(),
        idNumber: v.idNumber.replace(/\s+/g, '').toUpperCase(),
        householdNumber: v.householdNumber.trim(),
        householdHeadName: optional(v.householdHeadName),
        address: optional(v.address),
        phone: optional(v.phone),
        reason: optional(v.reason),
      },
    });
    if (result.data) return onRegistered(result.data.registerRecipient);
    if (!showRefusalAtField(form, result.error)) setError(errorMessage(result.error));
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size={large ? 'large' : undefined}
      onFinish={(v) => void onFinish(v)}
      initialValues={{
        eligibilityCategory: 'DIBAO',
        disabilityLevel: 'SEMI_DISABLED',
        villageId: scope.villages?.length === 1 ? scope.villages[0].id : undefined,
      }}
      data-testid="register-recipient-form"
    >
      <Row gutter={12}>
        <Col xs={24} sm={half}>
          <Form.Item name="name" label={t('registry.register.name')} rules={[required]}>
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={half}>
          <Form.Item
            name="idNumber"
            label={t('registry.register.idNumber')}
            rules={[required, { pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('common:errors.reasons.ID_NUMBER_FORMAT') }]}
          >
            <Input maxLength={22} autoComplete="off" spellCheck={false} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={half}>
          <Form.Item name="eligibilityCategory" label={t('registry.eligibility')} rules={[required]}>
            <Select options={eligibilities.map((e) => ({ value: e, label: t(`registry.eligibilities.${e}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={half}>
          <Form.Item name="disabilityLevel" label={t('registry.disability')} rules={[required]} extra={t('registry.register.disabilityHelp')}>
            <Select options={disabilities.map((d) => ({ value: d, label: t(`registry.disabilities.${d}`) }))} />
          </Form.Item>
        </Col>
        {!scope.townshipId && !scope.villages && (
          <Col xs={24} sm={half}>
            <Form.Item name="townshipId" label={t('registry.register.township')} rules={[required]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={regions.fetching}
                options={townships.map((tw) => ({ value: tw.id, label: tw.name }))}
                onChange={() => form.setFieldValue('villageId', undefined)}
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} sm={half}>
          <Form.Item name="villageId" label={t('registry.register.village')} rules={[required]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              disabled={!villages.length}
              loading={regions.fetching}
              options={villages.map((v) => ({ value: v.id, label: v.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={half}>
          <Form.Item name="householdNumber" label={t('registry.register.householdNumber')} extra={t('registry.register.householdHelp')} rules={[required]}>
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={half}>
          <Form.Item name="householdHeadName" label={t('registry.register.headName')} extra={t('registry.register.headNameHelp')}>
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={half}>
          <Form.Item name="phone" label={t('registry.register.phone')}>
            <Input maxLength={20} inputMode="tel" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={half}>
          <Form.Item name="address" label={t('registry.register.address')} extra={t('registry.register.addressHelp')}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="reason" label={t('registry.register.reason')} extra={t('registry.register.reasonHelp')}>
            <Input maxLength={500} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary">{t('registry.register.next')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} data-testid="register-error" />}
      <Flex gap={8} justify="flex-end" vertical={large}>
        {onCancel && !large && <Button onClick={onCancel}>{t('registry.register.cancel')}</Button>}
        <Button type="primary" htmlType="submit" loading={state.fetching} block={large} data-testid="register-submit">
          {t('registry.register.submit')}
        </Button>
        {onCancel && large && (
          <Button onClick={onCancel} block>
            {t('registry.register.cancel')}
          </Button>
        )}
      </Flex>
    </Form>
  );
}

/** The console's button and dialog; opens the new recipient's page when registered. */
export function RegisterRecipient({ detailPath, scope }: { detailPath: (id: string) => string; scope?: RegistrationScope }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);

  return (
    <>
      <Button type="primary" icon={<UserAddOutlined aria-hidden />} onClick={() => setOpen(true)}>
        {t('registry.register.button')}
      </Button>
      <Modal title={t('registry.register.title')} open={open} width={640} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <RegisterRecipientForm
          scope={scope}
          onCancel={() => setOpen(false)}
          onRegistered={(r) => {
            setOpen(false);
            void message.success(t('registry.register.done', { name: r.name }));
            void navigate(detailPath(r.id));
          }}
        />
      </Modal>
    </>
  );
}
