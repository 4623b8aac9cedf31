"""Small steps shared by the workflow tests."""

from twincity.commitments import workflow as wf
from twincity.commitments.models import Item, Result, ResultType
from twincity.lib import clock


def assigned(world, **kw) -> Item:
    item = world.item(**kw)
    return wf.assign(world.users["office"], item)


def in_progress(world, **kw) -> Item:
    item = assigned(world, **kw)
    wf.sign(world.users["cq_liaison"], item)
    return wf.sign(world.users["sc_liaison"], item)


def with_result(item: Item) -> Result:
    result = Result.objects.create(title="成果", type=ResultType.DOCUMENT, date=clock.today())
    result.items.add(item)
    return result


def closure_requested(world, **kw) -> Item:
    item = in_progress(world, **kw)
    with_result(item)
    wf.request_closure(world.users["cq_liaison"], item, "已印发文件")
    return wf.request_closure(world.users["sc_liaison"], item, "已印发文件")
