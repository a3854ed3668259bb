# ruff: noqa
# source: https://github.com/sgadgil6/cnslab_fmri/issues/4
# cause: forward() stores the LSTM's new hidden state in self.hidden and feeds it to the next batch, so each backward() reaches into the previous batch's freed graph; the fix is not to pass the hidden state at all.
# class: 1
# mistake: line 33, variable self.hidden
# fix: replace line 33 with: lstm_out, self.hidden = self.lstm(x)
# error: RuntimeError: Trying to backward through the graph a second time
# expect: runs clean; model.lstm.weight_ih_l0.grad is not None
# cause-words: self.hidden, previous|earlier|last|batch|iteration
# fix-words: self.lstm(x)|do not pass|don't pass|detach

import torch
import torch.nn as nn

device = "cpu"


class fMRI_LSTM(nn.Module):
    def __init__(self, hidden_dim, input_dim):
        super(fMRI_LSTM, self).__init__()
        self.hidden_dim = hidden_dim
        self.lstm = nn.LSTM(input_dim, hidden_dim, num_layers=1, batch_first=True)
        self.linear = nn.Linear(hidden_dim, 1)
        self.hidden = self.init_hidden()
        self.dropout = nn.Dropout(p=0.2)
        self.activate = nn.Sigmoid()

    def init_hidden(self):
        return (torch.randn(1, 8, self.hidden_dim).to(device),
                torch.randn(1, 8, self.hidden_dim).to(device))

    def forward(self, x):
        lstm_out, self.hidden = self.lstm(x, self.hidden)
        lstm_out = lstm_out[:, -1, :]
        out = self.dropout(lstm_out)
        linear_output = self.linear(out)
        return self.activate(linear_output)


model = fMRI_LSTM(16, 10)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.BCELoss()
for epoch in range(3):
    x = torch.randn(8, 5, 10)
    y = torch.randint(0, 2, (8, 1)).float()
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
