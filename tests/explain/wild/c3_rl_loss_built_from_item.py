# ruff: noqa
# source: https://github.com/isayev/ReLeaSE/issues/39
# cause: rl_loss is accumulated from log_probs[0, top_i].item(), a Python number, which detaches it from the graph, so nothing reaches the generator's parameters.
# class: 3
# mistake: line 42, variable rl_loss
# fix: replace line 42 with: rl_loss = rl_loss - log_probs[0, top_i] * discounted_reward
# error: RuntimeError: element 0 of tensors does not require grad
# expect: runs clean; generator.fc.weight.grad is not None
# cause-words: item(), rl_loss|log_probs
# fix-words: item|log_probs[0, top_i] *|without

import torch
import torch.nn as nn
import torch.nn.functional as F


class Generator(nn.Module):
    def __init__(self, n_chars=6, hidden=16):
        super().__init__()
        self.emb = nn.Embedding(n_chars, hidden)
        self.rnn = nn.GRUCell(hidden, hidden)
        self.fc = nn.Linear(hidden, n_chars)

    def forward(self, inp, h):
        h = self.rnn(self.emb(inp), h)
        return self.fc(h), h


generator = Generator()
optimizer = torch.optim.Adam(generator.parameters(), lr=1e-3)
gamma = 0.97
n_batch = 2
rl_loss = torch.tensor(0.0)
for _ in range(n_batch):
    h = torch.zeros(1, 16)
    inp = torch.tensor([0])
    discounted_reward = 1.0
    for p in range(4):
        output, h = generator(inp, h)
        log_probs = F.log_softmax(output, dim=1)
        top_i = int(torch.multinomial(log_probs.exp(), 1))
        rl_loss -= log_probs[0, top_i].item() * discounted_reward
        discounted_reward = discounted_reward * gamma
        inp = torch.tensor([top_i])
rl_loss = rl_loss / n_batch
optimizer.zero_grad()
rl_loss.backward()
optimizer.step()
