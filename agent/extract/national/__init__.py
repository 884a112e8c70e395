"""The national 部门决算/部门预算 tables as a typed model: layout (typed columns, groups, keyed
rows), catalogue (which table it is) and the identities each must satisfy."""

from agent.extract.national.identities import extract_national_tables, table_unit

__all__ = ["extract_national_tables", "table_unit"]
