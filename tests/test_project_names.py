"""One project written two ways is one project; two projects are never merged by a shared word."""

from __future__ import annotations

import pytest

from agent.extract.rules.labels import same_project


@pytest.mark.parametrize(("a", "b"), [
    ("行政审批业务性支出", "行政审批局业务性支出"),  # an organisation word added
    ("株洲市电子政务外网线路租赁", "电子政务网租赁专项"),  # place, 外/线路 and 专项 added
    ("株洲市电子政务外网安全服务项目", "株洲市电子政务外网安全设备和安全服务专项"),
    ("农村饮水安全工程", "农村饮水安全工程维修养护项目"),  # contained
])
def test_one_project_written_two_ways(a, b):
    assert same_project(a, b) and same_project(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("法律援助经费", "人民调解以案定补"),
    ("道路病害处置", "桥梁定期检测"),
    ("公共法律服务体系建设", "普法宣传经费"),
    ("农村公路养护", "农村公路危桥改造工程建设补助资金项目"),  # shares a head, not the name
])
def test_two_projects_stay_two(a, b):
    assert not same_project(a, b)
