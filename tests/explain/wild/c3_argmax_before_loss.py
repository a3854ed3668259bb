# ruff: noqa
# source: https://php.bkmy88.com/faq/1835025.html
# cause: argmax turns the logits into hard class labels with no gradient, so the loss computed from train_preds_probs is cut off from the model; compute the loss on the logits.
# class: 3
# mistake: line 31, variable train_preds_probs
# fix: replace line 32 with: loss = loss_fn(train_logits, y_train.long())
# error: RuntimeError: element 0 of tensors does not require grad
# expect: runs clean; model[0].weight.grad is not None
# cause-words: argmax, train_preds_probs|line
# fix-words: train_logits|logits

import torch
import torch.nn as nn

torch.manual_seed(0)
X_train = torch.randn(60, 4)
y_train = torch.randint(0, 3, (60,)).type(torch.float32)
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
loss_fn = nn.CrossEntropyLoss()
optimiser = torch.optim.SGD(model.parameters(), lr=0.1)


def accuracy(y_true, y_pred):
    return (y_true == y_pred).float().mean().item() * 100


Epochs = 3
for epoch in range(Epochs):
    model.train()
    train_logits = model(X_train)
    train_preds_probs = torch.softmax(train_logits, dim=1).argmax(dim=1).type(torch.float32)
    loss = loss_fn(train_preds_probs, y_train)
    train_accu = accuracy(y_train, train_preds_probs)
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
