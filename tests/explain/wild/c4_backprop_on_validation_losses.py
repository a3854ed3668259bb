# ruff: noqa
# source: https://github.com/nianticlabs/monodepth2/issues/24
# cause: the losses come from val(), which runs process_batch under torch.no_grad(); backpropagating a validation loss cannot work, train on the losses of a forward pass made with grad enabled.
# class: 4
# mistake: line 39, variable losses
# fix: replace line 39 with: outputs, losses = trainer.process_batch(inputs)
# error: RuntimeError: element 0 of tensors does not require grad
# expect: runs clean; trainer.model.weight.grad is not None
# cause-words: no_grad, val|losses
# fix-words: process_batch|val()

import torch
import torch.nn as nn


class Trainer:
    def __init__(self):
        self.model = nn.Linear(8, 1)
        self.optimizer = torch.optim.Adam(self.model.parameters(), 1e-4)

    def process_batch(self, inputs):
        outputs = self.model(inputs)
        losses = {"loss": outputs.abs().mean()}
        return outputs, losses

    def val(self):
        """Validate the model on a single minibatch"""
        self.model.eval()
        inputs = torch.randn(4, 8)
        with torch.no_grad():
            outputs, losses = self.process_batch(inputs)
        self.model.train()
        return outputs, losses


trainer = Trainer()
for batch_idx in range(2):
    inputs = torch.randn(4, 8)
    outputs, losses = trainer.val()
    trainer.optimizer.zero_grad()
    losses["loss"].backward()
    trainer.optimizer.step()
