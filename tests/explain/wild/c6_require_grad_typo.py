# ruff: noqa
# source: https://github.com/udacity/deep-learning-v2-pytorch/issues/12
# cause: `param.require_grad = False` (missing s) creates a new, meaningless attribute; requires_grad stays True and the feature layers keep training.
# class: 6
# mistake: line 21, variable param
# fix: replace line 21 with: param.requires_grad = False
# error: none
# expect: runs clean; torch.equal(f0, vgg16.features[0].weight)
# cause-words: require_grad, requires_grad|typo|attribute
# fix-words: requires_grad

import torch
import torch.nn as nn

vgg16 = nn.Module()
vgg16.features = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
vgg16.classifier = nn.Linear(4, 2)

# Freeze training for all "features" layers
for param in vgg16.features.parameters():
    param.require_grad = False

f0 = vgg16.features[0].weight.detach().clone()
optimizer = torch.optim.SGD(vgg16.parameters(), lr=0.1)
criterion = nn.CrossEntropyLoss()
for _ in range(2):
    x = torch.randn(4, 3, 8, 8)
    out = vgg16.classifier(vgg16.features(x).flatten(1))
    loss = criterion(out, torch.randint(0, 2, (4,)))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
