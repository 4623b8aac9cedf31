from tests.workflow.helpers import assigned, closure_requested, in_progress
from twincity.commitments import workflow as wf


def test_buttons_follow_role_and_side(world):
    item = assigned(world)
    assert wf.allowed_actions(world.users["cq_liaison"], item) >= {"sign", "report"}
    assert "sign" not in wf.allowed_actions(world.users["outsider"], item)
    assert "assign" not in wf.allowed_actions(world.users["office"], item)
    assert wf.allowed_actions(world.users["leader"], item) == set()
    done = closure_requested(world)
    assert {"close", "return"} <= wf.allowed_actions(world.users["office"], done)
    working = in_progress(world)
    assert "request_closure" in wf.allowed_actions(world.users["sc_liaison"], working)
