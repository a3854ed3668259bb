# ruff: noqa
# source: https://github.com/MorvanZhou/PyTorch-Tutorial/issues/57
# cause: h_state returned by the RNN still carries the previous step's graph; without `h_state = h_state.data` (detach) the next backward() runs into the already freed graph of the previous step.
# class: 1
# mistake: line 47, variable h_state
# fix: insert after line 47: h_state = h_state.detach()
# error: RuntimeError: Trying to backward through the graph a second time
# expect: runs clean; h_state.grad_fn is None
# cause-words: h_state, previous|earlier|last|iteration|loop|step
# fix-words: detach

import numpy as np
import torch
from torch import nn

torch.manual_seed(1)
TIME_STEP = 10
INPUT_SIZE = 1
LR = 0.02


class RNN(nn.Module):
    def __init__(self):
        super(RNN, self).__init__()
        self.rnn = nn.RNN(input_size=INPUT_SIZE, hidden_size=32, num_layers=1, batch_first=True)
        self.out = nn.Linear(32, 1)

    def forward(self, x, h_state):
        r_out, h_state = self.rnn(x, h_state)
        outs = []
        for time_step in range(r_out.size(1)):
            outs.append(self.out(r_out[:, time_step, :]))
        return torch.stack(outs, dim=1), h_state


rnn = RNN()
optimizer = torch.optim.Adam(rnn.parameters(), lr=LR)
loss_func = nn.MSELoss()

h_state = None
for step in range(5):
    start, end = step * np.pi, (step + 1) * np.pi
    steps = np.linspace(start, end, TIME_STEP, dtype=np.float32)
    x = torch.from_numpy(np.sin(steps)[np.newaxis, :, np.newaxis])
    y = torch.from_numpy(np.cos(steps)[np.newaxis, :, np.newaxis])

    prediction, h_state = rnn(x, h_state)
    # h_state = h_state.data   # commented out by the asker

    loss = loss_func(prediction, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
