# ruff: noqa
# source: https://jishuzhan.net/article/1865442846543187970
# cause: model.eval() only switches BatchNorm and Dropout to inference behaviour; it does not stop gradients, so the encoder still trains unless its parameters get requires_grad=False.
# class: 6
# mistake: line 18, variable encoder
# fix: insert after line 18: encoder.requires_grad_(False)
# error: none
# expect: runs clean; torch.equal(e0, encoder[0].weight)
# cause-words: eval(), requires_grad|gradient|freeze
# fix-words: requires_grad

import torch
import torch.nn as nn

encoder = nn.Sequential(nn.Linear(16, 32), nn.BatchNorm1d(32), nn.ReLU())
classifier = nn.Linear(32, 4)

encoder.eval()
e0 = encoder[0].weight.detach().clone()
optimizer = torch.optim.SGD(list(encoder.parameters()) + list(classifier.parameters()), lr=0.1)
criterion = nn.CrossEntropyLoss()
for _ in range(3):
    x = torch.randn(8, 16)
    loss = criterion(classifier(encoder(x)), torch.randint(0, 4, (8,)))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
