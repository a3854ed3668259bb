# ruff: noqa
# source: https://discuss.pytorch.org/t/why-there-is-still-a-small-change-in-frozen-layer-parameters/153740
# cause: fc1 was frozen after training with an optimizer that already holds it; its stale .grad (zeroed, not removed) and the optimizer's momentum state keep changing it, so the freeze must also set param.grad = None.
# class: 6
# mistake: line 40, variable param
# fix: insert after line 40: param.grad = None
# error: none
# expect: runs clean; torch.equal(before, model.fc1[0].weight)
# cause-words: fc1|param, grad|momentum|optimizer
# fix-words: grad = none|param.grad|set_to_none

from collections.abc import Iterable

import torch
import torch.nn as nn

model = nn.Module()
model.fc1 = nn.Sequential(nn.Linear(8, 8), nn.ReLU())
model.fc2 = nn.Linear(8, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)


def training(model, steps=3):
    for _ in range(steps):
        x, y = torch.randn(4, 8), torch.randint(0, 2, (4,))
        loss = nn.functional.cross_entropy(model.fc2(model.fc1(x)), y)
        optimizer.zero_grad(set_to_none=False)  # the default before torch 2.0
        loss.backward()
        optimizer.step()


def set_freeze_by_layer_names(model, layer_names, freeze=True):
    if not isinstance(layer_names, Iterable):
        layer_names = [layer_names]
    for name, child in model.named_children():
        if name not in layer_names:
            continue
        print("set freeze for layer {} as: {}".format(name, freeze))
        for param in child.parameters():
            param.requires_grad = not freeze


training(model)
set_freeze_by_layer_names(model, ['fc1'], freeze=True)
before = model.fc1[0].weight.detach().clone()
print('before_train', model.fc1[0].weight[0, :4])
training(model)
print('after_train', model.fc1[0].weight[0, :4])
