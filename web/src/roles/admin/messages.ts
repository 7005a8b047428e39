// The admin area's messages (namespace 'admin'): use them with useTranslation('admin').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: "县级管理后台",
    nav: { home: '首页' },
    coming: {
      catalog: "服务目录与指导价",
      registry: "服务对象名册与状态管理",
      contracts: "合同管理",
      policy: "政策参数",
    },
  },
  en: {
    title: "County admin console",
    nav: { home: 'Home' },
    coming: {
      catalog: "Catalog and guide prices",
      registry: "Recipient registry and lifecycle",
      contracts: "Contracts",
      policy: "Policy parameters",
    },
  },
});
